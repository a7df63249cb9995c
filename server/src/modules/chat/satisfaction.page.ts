// The resident's survey page behind a KTO link: plain HTML that works without JavaScript, in Dutch,
// with a labelled radio group (WCAG 2.1 AA), served by Loket itself.
const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

const frame = (title: string, body: string) => `<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} — Gemeente Voorbeeld</title>
<style>
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1a1a1a;line-height:1.5}
header{background:#154273;color:#fff;padding:1rem 1.5rem;font-size:1.3rem;font-weight:700}
main{max-width:40rem;margin:0 auto;padding:1rem 1.5rem}
fieldset{border:0;padding:0;margin:0 0 1rem}legend{font-weight:600;margin-bottom:.5rem}
.scores{display:flex;gap:1rem;flex-wrap:wrap}label{display:inline-block;margin-left:.25rem}
textarea{width:100%;font:inherit;padding:.4rem;border:1px solid #6b6b6b;border-radius:.25rem}
button{background:#154273;color:#fff;border:0;border-radius:.25rem;padding:.6rem 1rem;font:inherit;cursor:pointer;margin-top:1rem}
:focus-visible{outline:3px solid #ffbf47;outline-offset:2px}.error{color:#a4000f;font-weight:600}
</style></head>
<body><header>Gemeente Voorbeeld</header><main>${body}</main></body></html>`;

export function surveyPage(subject: string, error?: string) {
  const scores = [1, 2, 3, 4, 5]
    .map(
      (n) =>
        `<span><input type="radio" name="score" id="score-${n}" value="${n}" required><label for="score-${n}">${n}</label></span>`,
    )
    .join('');
  return frame(
    'Hoe tevreden bent u?',
    `<h1>Hoe tevreden bent u?</h1>
<p>Over uw contact met de gemeente: <strong>${escapeHtml(subject)}</strong></p>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post">
<fieldset><legend>Geef een cijfer (1 = zeer ontevreden, 5 = zeer tevreden)</legend><div class="scores">${scores}</div></fieldset>
<label for="comment">Toelichting (niet verplicht)</label>
<textarea id="comment" name="comment" rows="4" maxlength="2000"></textarea>
<button type="submit">Versturen</button>
</form>`,
  );
}

export const messagePage = (title: string, text: string) =>
  frame(title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p>`);
