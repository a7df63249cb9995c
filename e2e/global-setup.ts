// Before the browser tests: make sure web/dist is built from the current sources (a fresh clone
// has none; during development a stale build would test old screens), and seed the demo
// municipality once into an embedded database that every test file's server starts from a copy of
// (migrating and seeding per file cost ~20 s each).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { connect } from '../server/src/db/connect.ts';
import { migrate } from '../server/src/db/migrate.ts';
import { seedDemo } from '../server/src/modules/demo/demo.seed.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A data directory with the migrated, seeded demo municipality (see support/loket.ts). */
    loketTemplate: string;
  }
}

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

export default async function setup(project: TestProject) {
  buildWeb();
  const template = mkdtempSync(path.join(os.tmpdir(), 'loket-e2e-template-'));
  const handle = await connect({ dataDir: template });
  try {
    await migrate(handle.db);
    await seedDemo(handle.db, { now: new Date() });
  } finally {
    await handle.close();
  }
  project.provide('loketTemplate', template);
  return () => rmSync(template, { recursive: true, force: true });
}

function buildWeb() {
  const index = path.join(web, 'dist', 'index.html');
  const sources = Math.max(newest(path.join(web, 'src')), statSync(path.join(web, 'index.html')).mtimeMs);
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  // vitest sets NODE_ENV=test, which would give React's development build: build for production.
  const env = { ...process.env, NODE_ENV: 'production' };
  const res = spawnSync('npm', ['run', 'build', '--workspace', 'web'], { cwd: repo, stdio: 'inherit', env });
  if (res.status !== 0) throw new Error('De werkplek (web/) kon niet gebouwd worden.');
}
