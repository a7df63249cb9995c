// A second process cannot open the same PGlite directory. The running server writes where it
// listens and a one-off secret to <data>/server.json (mode 0600); the CLI then sends its command there.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export type RuntimeLock = { pid: number; port: number; cliSecret: string };

const lockFile = (dataDir: string) => path.join(dataDir, 'server.json');

export function writeRuntimeLock(dataDir: string, lock: RuntimeLock) {
  writeFileSync(lockFile(dataDir), JSON.stringify(lock), { mode: 0o600 });
}

export function removeRuntimeLock(dataDir: string) {
  rmSync(lockFile(dataDir), { force: true });
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The running server that holds this data directory, if any. */
export function readRuntimeLock(dataDir: string): RuntimeLock | null {
  try {
    const lock = JSON.parse(readFileSync(lockFile(dataDir), 'utf8')) as RuntimeLock;
    return isAlive(lock.pid) ? lock : null;
  } catch {
    return null;
  }
}
