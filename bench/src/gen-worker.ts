// Generates COPY text for one chunk of rows on a worker thread, so generation overlaps the
// database's work (PGlite runs on the main thread and blocks it while it executes).
import { parentPort } from 'node:worker_threads';
import { benchOptions, contactLines, type LoadTable, partyLines } from './dataset.ts';
import type { Size } from './load.ts';

export type ChunkRequest = {
  size: Size;
  phase: 'parties' | 'contacts';
  from: number;
  to: number;
  seq: number;
};
export type ChunkReply = { seq: number; text: Partial<Record<LoadTable, string>> };

let options: ReturnType<typeof benchOptions> | null = null;

parentPort?.on('message', (req: ChunkRequest) => {
  options ??= benchOptions(req.size);
  const buf: Partial<Record<LoadTable, string[]>> = {};
  const lines = req.phase === 'parties' ? partyLines : contactLines;
  lines(options, req.from, req.to, (t, line) => {
    const list = buf[t] ?? [];
    buf[t] = list;
    list.push(line);
  });
  const text: ChunkReply['text'] = {};
  for (const [t, list] of Object.entries(buf)) text[t as LoadTable] = list.join('');
  parentPort?.postMessage({ seq: req.seq, text } satisfies ChunkReply);
});
