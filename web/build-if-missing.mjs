// `npm start` on a fresh clone: build the werkplek once when web/dist is missing.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const web = path.dirname(fileURLToPath(import.meta.url));
if (!existsSync(path.join(web, 'dist', 'index.html'))) {
  process.stdout.write('Werkplek bouwen (web/dist)…\n');
  const res = spawnSync('npm', ['run', 'build', '--workspace', 'web'], {
    cwd: path.join(web, '..'),
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  process.exit(res.status ?? 1);
}
