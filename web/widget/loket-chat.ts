// Loket chat widget: one <script src=".../widget/loket-chat.js" defer></script> on any page. No
// framework, its own styles in a shadow root (the host page's CSS cannot break it, nor it the page's).
// Speaks the chat protocol of /api/v1/public/chat: hello (resume), message + ack, replay from the last
// message number it has, so a dropped connection loses and duplicates nothing. Text is only ever set
// with textContent: what a resident or employee types is never HTML.

type Source = { id: string; slug: string; title: string } | null;
type Choice = { id: string; title: string };
type ServerFrame =
  | { type: 'welcome'; conversationId: string; resumeToken?: string; resumed: boolean; status: string }
  | { type: 'message'; seq: number; from: string; text: string; source: Source; choices: Choice[] | null }
  | { type: 'ack'; clientId: string; seq: number }
  | { type: 'typing'; from: string }
  | { type: 'closed' }
  | { type: 'survey.thanks' }
  | { type: 'callback.created'; taskId: string }
  | { type: 'error'; code: string; title: string };

type Saved = { conversationId: string; resumeToken: string; lastSeq: number };

const script = document.currentScript as HTMLScriptElement | null;
const server = new URL(script?.src ?? location.href).origin;
const storageKey = 'loket-chat';
const labels: Record<string, string> = {
  resident: 'U',
  bot: 'Digitale assistent',
  employee: 'Medewerker',
  system: 'Melding',
};

const css = `
:host { all: initial; }
* { box-sizing: border-box; font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
.open { position: fixed; right: 1rem; bottom: 1rem; z-index: 2147483000; background: #154273; color: #fff;
  border: 0; border-radius: 2rem; padding: .8rem 1.2rem; font-size: 1rem; cursor: pointer; }
.open:focus-visible, button:focus-visible, textarea:focus-visible, input:focus-visible {
  outline: 3px solid #ffbf47; outline-offset: 2px; }
.panel { position: fixed; right: 1rem; bottom: 1rem; z-index: 2147483001; width: min(24rem, calc(100vw - 2rem));
  height: min(34rem, calc(100vh - 2rem)); display: flex; flex-direction: column; background: #fff; color: #1a1a1a;
  border: 1px solid #6b6b6b; border-radius: .5rem; box-shadow: 0 .5rem 2rem rgba(0,0,0,.25); font-size: 1rem; }
.panel[hidden], .open[hidden] { display: none; }
header { display: flex; align-items: center; justify-content: space-between; padding: .6rem .8rem;
  background: #154273; color: #fff; border-radius: .5rem .5rem 0 0; }
h2 { font-size: 1.05rem; margin: 0; }
header button { background: transparent; color: #fff; border: 1px solid #fff; border-radius: .25rem; padding: .2rem .6rem; font-size: 1rem; cursor: pointer; }
.log { flex: 1; overflow-y: auto; padding: .8rem; }
.list { margin: 0; padding: 0; list-style: none; }
.msg { margin: 0 0 .7rem; max-width: 90%; }
.msg .who { display: block; font-size: .8rem; color: #4a4a4a; margin-bottom: .1rem; }
.msg .text { display: block; padding: .5rem .7rem; border-radius: .5rem; background: #eef2f7; white-space: pre-wrap; overflow-wrap: anywhere; }
.msg.resident { margin-left: auto; text-align: right; }
.msg.resident .text { background: #154273; color: #fff; text-align: left; }
.msg.system .text { background: #fff8e1; border: 1px solid #b58700; }
.msg .source { display: block; font-size: .85rem; margin-top: .2rem; color: #154273; }
.choices { display: flex; flex-direction: column; gap: .3rem; margin-top: .3rem; }
.choices button, .actions button, form button { background: #fff; color: #154273; border: 1px solid #154273; border-radius: .25rem;
  padding: .35rem .6rem; font-size: .95rem; cursor: pointer; text-align: left; }
.status { min-height: 1.2rem; padding: 0 .8rem; font-size: .85rem; color: #4a4a4a; }
.error { color: #a4000f; }
form { display: flex; gap: .4rem; padding: .6rem .8rem; border-top: 1px solid #d0d0d0; align-items: flex-end; }
form.stack { flex-direction: column; align-items: stretch; }
label { font-size: .9rem; }
textarea, input[type=text], input[type=tel] { flex: 1; font-size: 1rem; padding: .4rem; border: 1px solid #6b6b6b; border-radius: .25rem; resize: none; }
form button[type=submit] { background: #154273; color: #fff; }
fieldset { border: 0; padding: 0; margin: 0; display: flex; gap: .6rem; flex-wrap: wrap; }
legend { margin-bottom: .3rem; }
.actions { display: flex; gap: .4rem; padding: 0 .8rem .5rem; flex-wrap: wrap; }
.offer { position: fixed; right: 1rem; bottom: 4.5rem; z-index: 2147483000; width: min(20rem, calc(100vw - 2rem));
  background: #fff; color: #1a1a1a; border: 1px solid #154273; border-radius: .5rem; padding: .6rem .8rem; box-shadow: 0 .25rem 1rem rgba(0,0,0,.2); }
.offer[hidden] { display: none; }
.offer p { margin: 0 0 .5rem; }
.offer button { margin-right: .4rem; background: #fff; color: #154273; border: 1px solid #154273; border-radius: .25rem; padding: .3rem .6rem; font-size: .95rem; cursor: pointer; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  text?: string,
) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

function visitorId(): string {
  let id = localStorage.getItem('loket-chat-visitor');
  if (!id) {
    id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 12)}`;
    localStorage.setItem('loket-chat-visitor', id);
  }
  return id;
}

/** Counts something in this browser tab's session; returns the new count. */
function bump(key: string): number {
  const n = Number(sessionStorage.getItem(key) ?? '0') + 1;
  sessionStorage.setItem(key, String(n));
  return n;
}

function load(): Saved | null {
  try {
    return JSON.parse(sessionStorage.getItem(storageKey) ?? 'null') as Saved | null;
  } catch {
    return null;
  }
}

class ChatWidget {
  private root: ShadowRoot;
  private openButton = el(
    'button',
    { type: 'button', class: 'open', 'aria-haspopup': 'dialog' },
    'Chat met de gemeente',
  );
  private panel = el('section', {
    class: 'panel',
    role: 'dialog',
    'aria-labelledby': 'loket-chat-title',
    hidden: '',
  });
  private logRegion = el('div', {
    class: 'log',
    role: 'log',
    'aria-live': 'polite',
    'aria-label': 'Chatberichten',
    tabindex: '0',
  });
  private log = el('ol', { class: 'list' });
  private status = el('p', { class: 'status', 'aria-live': 'polite' });
  private input = el('textarea', {
    id: 'loket-chat-input',
    rows: '2',
    maxlength: '2000',
    autocomplete: 'off',
  });
  private form = el('form');
  private actions = el('div', { class: 'actions' });
  private socket: WebSocket | null = null;
  private saved: Saved | null = load();
  private seen = new Set<number>();
  /** Sent but not yet acknowledged: resent after a reconnect, with the same id (stored once). */
  private pending = new Map<string, string>();
  private retry = 0;
  private typingSent = 0;
  private offered = false;
  private offer = el('div', { class: 'offer', role: 'status', hidden: '' });
  private closed = false;

  constructor(host: HTMLElement) {
    this.root = host.attachShadow({ mode: 'open' });
    const style = el('style', {}, css);
    const header = el('header');
    header.append(el('h2', { id: 'loket-chat-title' }, 'Chat met Gemeente Voorbeeld'));
    const close = el('button', { type: 'button', 'aria-label': 'Chatvenster sluiten' }, 'Sluiten');
    close.addEventListener('click', () => this.hide());
    header.append(close);

    const label = el('label', { for: 'loket-chat-input', class: 'sr' }, 'Uw bericht');
    const send = el('button', { type: 'submit' }, 'Verstuur');
    this.form.append(label, this.input, send);
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.sendText();
    });
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey) {
        e.preventDefault();
        this.sendText();
      }
    });
    this.input.addEventListener('input', () => {
      // At most one typing signal per three seconds: the server counts frames against flooding.
      if (Date.now() - this.typingSent < 3000) return;
      this.typingSent = Date.now();
      this.frame({ type: 'typing' });
    });

    const human = el('button', { type: 'button' }, 'Medewerker spreken');
    human.addEventListener('click', () => this.frame({ type: 'handover' }));
    const callback = el('button', { type: 'button' }, 'Terugbellen of mailen');
    callback.addEventListener('click', () => this.showCallbackForm());
    const end = el('button', { type: 'button' }, 'Gesprek beëindigen');
    end.addEventListener('click', () => this.frame({ type: 'close' }));
    this.actions.append(human, callback, end);

    this.logRegion.append(this.log);
    this.panel.append(header, this.logRegion, this.status, this.actions, this.form);
    this.openButton.addEventListener('click', () => this.show());
    this.panel.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') this.hide();
    });
    this.root.append(style, this.offer, this.openButton, this.panel);
    if (this.saved)
      this.connect(); // a conversation in this tab goes on after navigating
    else this.watchSignals();
  }

  /** Proactive chat: report simple signals; the server's rules decide whether to offer help. */
  private watchSignals() {
    const page = location.pathname;
    for (const seconds of [30, 60, 90, 120, 180, 300]) {
      setTimeout(() => this.signal('time_on_page', seconds), seconds * 1000);
    }
    let formErrors = 0;
    document.addEventListener('invalid', () => this.signal('form_error', ++formErrors), true);
    const visits = bump(`loket-chat-visits:${page}`);
    if (visits > 1) this.signal('returning', visits);
    if (/[?&](q|zoek|zoekterm)=/.test(location.search))
      this.signal('repeated_search', bump('loket-chat-searches'));
    document.addEventListener('click', (e) => {
      if ((e.target as Element | null)?.closest?.('a')) sessionStorage.removeItem('loket-chat-searches');
    });
    (window as unknown as { LoketChat: object }).LoketChat = {
      /** For the host page: e.g. LoketChat.signal('repeated_search', 2) after two searches without a click. */
      signal: (name: string, value: number) => this.signal(name, value),
    };
  }

  private async signal(signal: string, value: number) {
    if (this.saved || this.offered || !this.panel.hidden) return;
    try {
      const res = await fetch(`${server}/api/v1/public/chat/signals`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ visitorId: visitorId(), page: location.pathname, signal, value }),
      });
      const body = (await res.json()) as { offer: { message: string } | null };
      if (body.offer && !this.offered && this.panel.hidden) this.showOffer(body.offer.message);
    } catch {
      // No offer when the server cannot be reached; the chat button stays.
    }
  }

  private showOffer(message: string) {
    this.offered = true;
    const start = el('button', { type: 'button' }, 'Chat starten');
    const no = el('button', { type: 'button' }, 'Nee, dank u');
    start.addEventListener('click', () => {
      this.offer.hidden = true;
      this.show();
    });
    no.addEventListener('click', () => {
      this.offer.hidden = true;
      this.openButton.focus();
    });
    this.offer.replaceChildren(el('p', {}, message), start, no);
    this.offer.hidden = false;
  }

  private showCallbackForm() {
    const form = el('form', { class: 'stack' });
    const how = el('fieldset');
    how.append(el('legend', {}, 'Hoe wilt u antwoord krijgen?'));
    const options = [
      { value: 'phone', label: 'Bel mij terug', field: 'Uw telefoonnummer', type: 'tel', auto: 'tel' },
      {
        value: 'email',
        label: 'Mail mij het antwoord',
        field: 'Uw e-mailadres',
        type: 'email',
        auto: 'email',
      },
    ];
    const label = el('label', { for: 'loket-chat-address' }, options[0]?.field ?? '');
    const address = el('input', {
      type: 'tel',
      id: 'loket-chat-address',
      autocomplete: 'tel',
      maxlength: '320',
    });
    for (const [i, o] of options.entries()) {
      const id = `loket-chat-how-${o.value}`;
      const radio = el('input', { type: 'radio', name: 'how', id, value: o.value });
      if (i === 0) radio.checked = true;
      radio.addEventListener('change', () => {
        label.textContent = o.field;
        address.type = o.type;
        address.autocomplete = o.auto as AutoFill;
      });
      how.append(radio, el('label', { for: id }, o.label));
    }
    const submit = el('button', { type: 'submit' }, 'Versturen');
    form.append(how, label, address, submit);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const channel = form.querySelector<HTMLInputElement>('input[name=how]:checked')?.value ?? 'phone';
      if (!address.value.trim()) return this.setStatus(`Vul ${label.textContent?.toLowerCase()} in.`, true);
      this.frame({ type: 'callback', channel, address: address.value.trim() });
    });
    this.form.replaceWith(form);
    this.form = form;
    address.focus();
  }

  private show() {
    this.openButton.hidden = true;
    this.panel.hidden = false;
    this.connect();
    this.input.focus();
  }

  private hide() {
    this.panel.hidden = true;
    this.openButton.hidden = false;
    this.openButton.focus();
  }

  private connect() {
    if (this.socket && this.socket.readyState <= WebSocket.OPEN) return;
    const socket = new WebSocket(`${server.replace(/^http/, 'ws')}/api/v1/public/chat`);
    this.socket = socket;
    socket.addEventListener('open', () => {
      this.retry = 0;
      this.setStatus('');
      const s = this.saved;
      socket.send(
        JSON.stringify(
          s
            ? {
                type: 'hello',
                conversationId: s.conversationId,
                resumeToken: s.resumeToken,
                lastSeq: s.lastSeq,
              }
            : { type: 'hello' },
        ),
      );
    });
    socket.addEventListener('message', (e) => this.receive(JSON.parse(String(e.data)) as ServerFrame));
    socket.addEventListener('close', () => {
      if (this.closed) return;
      this.setStatus('Verbinding verbroken. Opnieuw verbinden…');
      const delay = Math.min(10_000, 500 * 2 ** this.retry++);
      setTimeout(() => this.connect(), delay);
    });
  }

  private receive(f: ServerFrame) {
    switch (f.type) {
      case 'welcome':
        if (!f.resumed && f.resumeToken) {
          this.saved = { conversationId: f.conversationId, resumeToken: f.resumeToken, lastSeq: 0 };
          this.seen.clear();
          this.log.replaceChildren();
        }
        this.save();
        for (const [clientId, text] of this.pending) this.frame({ type: 'message', clientId, text });
        return;
      case 'message':
        if (this.seen.has(f.seq)) return;
        this.seen.add(f.seq);
        if (this.saved) this.saved.lastSeq = Math.max(this.saved.lastSeq, f.seq);
        this.save();
        this.frame({ type: 'ack', seq: f.seq });
        this.render(f);
        return;
      case 'ack':
        this.pending.delete(f.clientId);
        return;
      case 'typing':
        this.setStatus('De medewerker typt…');
        setTimeout(() => this.setStatus(''), 3000);
        return;
      case 'closed':
        this.showSurvey();
        return;
      case 'survey.thanks':
        this.form.replaceChildren(el('p', {}, 'Dank u wel voor uw beoordeling.'));
        sessionStorage.removeItem(storageKey);
        this.closed = true;
        this.socket?.close();
        return;
      case 'callback.created':
        this.form.replaceChildren(
          el('p', {}, 'Uw terugbelverzoek is ontvangen. Wij bellen u zo snel mogelijk terug.'),
        );
        return;
      case 'error':
        this.setStatus(f.title, true);
        return;
    }
  }

  private render(m: Extract<ServerFrame, { type: 'message' }>) {
    const item = el('li', { class: `msg ${m.from}` });
    item.append(
      el('span', { class: 'who' }, labels[m.from] ?? m.from),
      el('span', { class: 'text' }, m.text),
    );
    if (m.source) item.append(el('span', { class: 'source' }, `Bron: ${m.source.title}`));
    if (m.choices?.length) {
      const group = el('div', { class: 'choices', role: 'group', 'aria-label': 'Kies een onderwerp' });
      for (const c of m.choices) {
        const b = el('button', { type: 'button' }, c.title);
        b.addEventListener('click', () => this.frame({ type: 'choose', articleId: c.id }));
        group.append(b);
      }
      item.append(group);
    }
    this.log.append(item);
    this.logRegion.scrollTop = this.logRegion.scrollHeight;
  }

  private sendText() {
    const text = this.input.value.trim();
    if (!text) return;
    const clientId = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
    this.pending.set(clientId, text);
    this.frame({ type: 'message', clientId, text });
    this.input.value = '';
  }

  private showSurvey() {
    this.actions.replaceChildren();
    const form = el('form', { class: 'stack', 'aria-labelledby': 'loket-chat-survey' });
    const fieldset = el('fieldset');
    fieldset.append(
      el(
        'legend',
        { id: 'loket-chat-survey' },
        'Hoe tevreden bent u over dit gesprek? (1 = zeer ontevreden, 5 = zeer tevreden)',
      ),
    );
    for (let score = 1; score <= 5; score++) {
      const id = `loket-chat-score-${score}`;
      const radio = el('input', { type: 'radio', name: 'score', id, value: String(score) });
      fieldset.append(radio, el('label', { for: id }, String(score)));
    }
    const commentLabel = el('label', { for: 'loket-chat-comment' }, 'Toelichting (niet verplicht)');
    const comment = el('input', { type: 'text', id: 'loket-chat-comment', maxlength: '2000' });
    const submit = el('button', { type: 'submit' }, 'Beoordeling versturen');
    form.append(fieldset, commentLabel, comment, submit);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const picked = form.querySelector<HTMLInputElement>('input[name=score]:checked');
      if (!picked) return this.setStatus('Kies een cijfer van 1 tot en met 5.', true);
      this.frame({ type: 'survey', score: Number(picked.value), comment: comment.value || undefined });
    });
    this.form.replaceWith(form);
    this.form = form;
  }

  private frame(f: object) {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(f));
  }

  private save() {
    if (this.saved) sessionStorage.setItem(storageKey, JSON.stringify(this.saved));
  }

  private setStatus(text: string, error = false) {
    this.status.textContent = text;
    this.status.classList.toggle('error', error);
  }
}

if (!document.querySelector('loket-chat')) {
  const host = document.createElement('loket-chat');
  document.body.append(host);
  new ChatWidget(host);
}
