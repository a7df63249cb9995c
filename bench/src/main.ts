// `npm run bench -- [--scale tiny|small|full] [--db postgres|pglite|both] [--skip-load] [--only load|run] [--cold]`
// Loads the data set (in a child process, so the generator's memory does not count as the
// server's) and then measures Loket against the raw SQL floor. Only 127.0.0.1 is ever contacted.
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type ScaleName, scales } from './dataset.ts';
import { loadPglite, loadPostgres, type Target } from './load.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: 'small' },
    db: { type: 'string', default: 'both' },
    'skip-load': { type: 'boolean', default: false },
    only: { type: 'string' },
    /** Skip warming the OS page cache before measuring (measures what a just-loaded server reads from disk). */
    cold: { type: 'boolean', default: false },
    'load-child': { type: 'string' },
    'admin-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
    out: { type: 'string' },
  },
});

const scale = values.scale as ScaleName;
if (!(scale in scales)) throw new Error(`--scale: kies uit ${Object.keys(scales).join(', ')}`);
const size = scales[scale];
const adminUrl = values['admin-url'] as string;
if (!['127.0.0.1', 'localhost', '[::1]'].includes(new URL(adminUrl).hostname)) {
  throw new Error('De benchmark praat alleen met een database op 127.0.0.1.');
}
const targets: Record<'postgres' | 'pglite', Target> = {
  postgres: { kind: 'postgres', adminUrl, database: 'loket_bench' },
  pglite: { kind: 'pglite', dir: path.join(here, '..', '.data', `pglite-${scale}`) },
};
const log = (s: string) => process.stdout.write(`${s}\n`);

async function loadInThisProcess(kind: 'postgres' | 'pglite') {
  const t = performance.now();
  log(
    `Laden ${kind}, schaal ${scale}: ${size.parties.toLocaleString('en')} partijen, ${size.contacts.toLocaleString('en')} contacten`,
  );
  const target = targets[kind];
  if (target.kind === 'postgres') await loadPostgres(target, size, log);
  else await loadPglite(target, size, log);
  log(`Geladen ${kind} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

if (values['load-child']) {
  await loadInThisProcess(values['load-child'] as 'postgres' | 'pglite');
  process.exit(0);
}

const kinds =
  values.db === 'both' ? (['postgres', 'pglite'] as const) : ([values.db] as ['postgres' | 'pglite']);
const { runBench, writeReport } = await import('./run.ts');
const results = [];
for (const kind of kinds) {
  const start = performance.now();
  let loadSeconds: number | null = null;
  if (!values['skip-load'] && values.only !== 'run') {
    const child = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(here, 'main.ts'),
        '--load-child',
        kind,
        '--scale',
        scale,
        '--admin-url',
        adminUrl,
      ],
      { stdio: 'inherit' },
    );
    if (child.status !== 0) throw new Error(`Laden ${kind} mislukt (exit ${child.status}).`);
    loadSeconds = (performance.now() - start) / 1000;
  }
  if (values.only === 'load') continue;
  const r = await runBench(targets[kind], size, log, { cold: values.cold });
  results.push({ ...r, scale, loadSeconds, totalSeconds: (performance.now() - start) / 1000 });
}
if (results.length) {
  const file = values.out ?? path.join(here, '..', '.data', `results-${scale}.json`);
  writeReport(
    file,
    { cores: os.cpus().length, memory: os.totalmem(), node: process.version, at: new Date().toISOString() },
    results,
  );
  log(`Resultaten: ${file}`);
}
