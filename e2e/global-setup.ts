// Before the browser tests: make sure web/dist is built from the current sources (a fresh clone
// has none; during development a stale build would test old screens).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const web = path.join(repo, 'web');

function newest(dir: string): number {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

export default function setup() {
  const index = path.join(web, 'dist', 'index.html');
  const sources = Math.max(newest(path.join(web, 'src')), statSync(path.join(web, 'index.html')).mtimeMs);
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  // vitest sets NODE_ENV=test, which would give React's development build: build for production.
  const env = { ...process.env, NODE_ENV: 'production' };
  const res = spawnSync('npm', ['run', 'build', '--workspace', 'web'], { cwd: repo, stdio: 'inherit', env });
  if (res.status !== 0) throw new Error('De werkplek (web/) kon niet gebouwd worden.');
}
