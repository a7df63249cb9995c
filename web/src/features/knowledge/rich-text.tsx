// Article text as written in the kennisbank (and its Markdown import): paragraphs separated by a blank
// line, lines starting with '- ' as a list. Rendered as React text, so nothing in it can run as HTML.
import type { ReactNode } from 'react';

type Block = { kind: 'p' | 'ul'; lines: string[] };

function blocks(text: string): Block[] {
  const out: Block[] = [];
  for (const raw of text.replace(/\r\n/g, '\n').split('\n')) {
    const line = raw.trimEnd();
    const item = /^\s*[-*]\s+(.*)$/.exec(line);
    const last = out[out.length - 1];
    if (!line.trim()) {
      out.push({ kind: 'p', lines: [] });
    } else if (item) {
      if (last?.kind === 'ul') last.lines.push(item[1] ?? '');
      else out.push({ kind: 'ul', lines: [item[1] ?? ''] });
    } else if (last?.kind === 'p') {
      last.lines.push(line.replace(/^#+\s*/, ''));
    } else {
      out.push({ kind: 'p', lines: [line.replace(/^#+\s*/, '')] });
    }
  }
  return out.filter((b) => b.lines.length > 0);
}

/** `**bold**` is the one inline mark the seed articles use. */
function inline(text: string): ReactNode[] {
  return text.split(/(\*\*[^*]+\*\*)/).map((part, i) =>
    part.startsWith('**') && part.endsWith('**') && part.length > 4 ? (
      // biome-ignore lint/suspicious/noArrayIndexKey: parts of one fixed string
      <strong key={i}>{part.slice(2, -2)}</strong>
    ) : (
      part
    ),
  );
}

export function RichText({ text }: { text: string }) {
  return (
    <div className="loket-kb-text">
      {blocks(text).map((b, i) =>
        b.kind === 'ul' ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: blocks of one fixed text
          <ul key={i}>
            {b.lines.map((l, j) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: lines of one fixed block
              <li key={j}>{inline(l)}</li>
            ))}
          </ul>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: blocks of one fixed text
          <p key={i}>{inline(b.lines.join('\n'))}</p>
        ),
      )}
    </div>
  );
}
