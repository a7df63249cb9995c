// The one binary: `loket start | migrate | seed | token …`.
import { type CommandResult, findCommand, runCommand, usage } from './commands.ts';
import { loadConfig } from './config.ts';
import { connect } from './db/connect.ts';
import { startWorker } from './modules/scheduler/worker.ts';
import { createClock } from './platform/clock.ts';
import { readRuntimeLock } from './runtime-lock.ts';
import { printWelcome, startServer } from './server.ts';

async function main(argv: string[]): Promise<number> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return 2;
  }

  if (argv[0] === 'start') {
    const running = config.databaseKind === 'pglite' ? readRuntimeLock(config.dataDir) : null;
    if (running) {
      process.stderr.write(`Loket draait al (pid ${running.pid}) met ${config.dataDir}.\n`);
      return 1;
    }
    const server = await startServer(config);
    await printWelcome(config, server.port, server.db);
    const shutdown = async () => {
      await server.stop();
      process.exit(0);
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
    return -1; // keep running
  }

  if (argv[0] === 'worker') {
    const worker = await startWorker(config);
    const shutdown = async () => {
      await worker.stop();
      process.exit(0);
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
    return -1; // keep running
  }

  if (!findCommand(argv)) {
    process.stdout.write(usage);
    return argv.length === 0 || argv[0] === 'help' || argv[0] === '--help' ? 0 : 2;
  }

  const result = await runWhereTheDataIs(config, argv);
  (result.exitCode === 0 ? process.stdout : process.stderr).write(`${result.output}\n`);
  return result.exitCode;
}

async function runWhereTheDataIs(
  config: ReturnType<typeof loadConfig>,
  argv: string[],
): Promise<CommandResult> {
  const running = config.databaseKind === 'pglite' ? readRuntimeLock(config.dataDir) : null;
  if (running) {
    const res = await fetch(`http://127.0.0.1:${running.port}/internal/cli`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-loket-cli-secret': running.cliSecret },
      body: JSON.stringify({ argv }),
    });
    if (!res.ok) return { output: `De draaiende Loket weigerde de opdracht (${res.status}).`, exitCode: 1 };
    return (await res.json()) as CommandResult;
  }
  const handle = await connect(config);
  try {
    return await runCommand({ db: handle.db, config, clock: createClock() }, argv);
  } finally {
    await handle.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err) => {
    process.stderr.write(`Loket kon niet starten: ${(err as Error).message}\n`);
    process.exit(1);
  },
);
