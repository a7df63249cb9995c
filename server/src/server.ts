// `loket start`: open the database, migrate, seed the demo municipality, serve HTTP.
// With the embedded database this process owns the data directory, so it also accepts CLI
// commands from other `loket` processes over loopback (see runtime-lock.ts).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { runCommand } from './commands.ts';
import type { Config } from './config.ts';
import { connect } from './db/connect.ts';
import { migrate } from './db/migrate.ts';
import { tokenIsActive } from './modules/access/access.service.ts';
import { startImapPoller } from './modules/channels/email/email.imap.ts';
import { startSmtpReceiver } from './modules/channels/email/email.smtp.ts';
import { demoLogins, demoToken, seedDemo } from './modules/demo/demo.seed.ts';
import { startScheduler } from './modules/scheduler/scheduler.ts';
import { buildApp } from './platform/app.ts';
import { type Clock, createClock } from './platform/clock.ts';
import { removeRuntimeLock, writeRuntimeLock } from './runtime-lock.ts';

export async function startServer(config: Config, clock: Clock = createClock()) {
  const handle = await connect(config);
  await migrate(handle.db);
  if (config.seed === 'demo') await seedDemo(handle.db, { now: clock.now() });

  const app = await buildApp({ config, db: handle.db, dbKind: handle.kind, clock });
  const cliSecret = randomBytes(32).toString('hex');

  app.post('/internal/cli', { schema: { hide: true } }, async (req, reply) => {
    const given = Buffer.from(String(req.headers['x-loket-cli-secret'] ?? ''));
    const expected = Buffer.from(cliSecret);
    const local = ['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(req.socket.remoteAddress ?? '');
    if (!local || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return reply.status(403).send({ detail: 'Alleen voor de lokale loket-CLI.' });
    }
    const argv = (req.body as { argv?: unknown })?.argv;
    if (!Array.isArray(argv) || !argv.every((a) => typeof a === 'string')) {
      return reply.status(400).send({ detail: 'argv ontbreekt.' });
    }
    return runCommand({ db: handle.db, config, clock }, argv);
  });

  const jobs = await startScheduler({ db: handle.db, config, clock }, handle, (err) =>
    app.log.error({ err: { type: err.name, code: (err as { code?: string }).code } }, 'planner'),
  );
  const address = await app.listen({ port: config.port, host: config.host });
  const port = Number(new URL(address).port);
  // E-mail in (issue 6): the SMTP receiver (LOKET_SMTP_PORT, 0 = off) and the IMAP poller (LOKET_IMAP_URL).
  const mailError = (what: string) => (err: Error) =>
    app.log.error({ err: { type: err.name, code: (err as { code?: string }).code } }, what);
  const smtp =
    config.mailIn.smtpPort > 0
      ? await startSmtpReceiver(app.loket, {
          port: config.mailIn.smtpPort,
          host: config.host,
          onError: mailError('smtp-ontvangst'),
        })
      : null;
  const imap = config.mailIn.imapUrl
    ? startImapPoller(app.loket, {
        url: config.mailIn.imapUrl,
        intervalSeconds: config.mailIn.imapIntervalSeconds,
        onError: mailError('imap'),
      })
    : null;
  if (handle.kind === 'pglite') writeRuntimeLock(config.dataDir, { pid: process.pid, port, cliSecret });

  const stop = async () => {
    removeRuntimeLock(config.dataDir);
    await smtp?.close();
    await imap?.stop();
    await jobs.stop();
    await app.close();
    await handle.close();
  };
  return { app, port, smtpPort: smtp?.port ?? null, stop, db: handle.db, dbKind: handle.kind };
}

export async function printWelcome(
  config: Config,
  port: number,
  db: Awaited<ReturnType<typeof startServer>>['db'],
) {
  const url = config.publicUrl.replace(`:${config.port}`, `:${port}`);
  const lines = [
    '',
    `  Loket draait op ${url}`,
    `  Database: ${config.databaseKind === 'pglite' ? `ingebouwd (PGlite) in ${config.dataDir}` : 'PostgreSQL-server'}`,
    `  API-documentatie: ${url}/api/docs`,
  ];
  if (config.seed === 'demo') {
    lines.push('', '  Demo-medewerkers (gebruikersnaam / wachtwoord):');
    for (const l of demoLogins)
      lines.push(`    ${l.username.padEnd(12)} ${l.password.padEnd(14)} ${l.description}`);
    if (await tokenIsActive(db, demoToken)) {
      lines.push('', `  Demo-API-token:  Authorization: Token ${demoToken}`);
    }
  }
  lines.push('');
  process.stdout.write(`${lines.join('\n')}\n`);
}
