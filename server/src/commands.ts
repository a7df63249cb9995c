// CLI commands as plain functions over a database handle, so the same command runs in this
// process or, when `loket start` holds the embedded database, inside the running server.
import { parseArgs } from 'node:util';
import type { Config } from './config.ts';
import type { Db } from './db/connect.ts';
import { migrate } from './db/migrate.ts';
import { createToken, listTokens, revokeToken } from './modules/access/access.service.ts';
import { seedDemo } from './modules/demo/demo.seed.ts';
import type { Clock } from './platform/clock.ts';

export type CommandContext = { db: Db; config: Config; clock: Clock };
export type CommandResult = { output: string; exitCode: number };

export class UsageError extends Error {}

const usage = `Gebruik: loket <opdracht>

  start                         Start Loket (HTTP op PORT, standaard 8080)
  worker                        Draai alleen de planner (herinneringen, e-mail); met DATABASE_URL
  migrate                       Voer databasemigraties uit
  seed [--force]                Vul de demogemeente "Gemeente Voorbeeld"
  token create --name NAAM [--permissions a,b]
                                Maak een API-token (wordt één keer getoond)
  token revoke ID|NAAM          Trek een API-token in
  token list                    Toon alle API-tokens
`;

type Command = (ctx: CommandContext, args: string[]) => Promise<string>;

const commands: Record<string, Command> = {
  migrate: async ({ db }) => {
    const applied = await migrate(db);
    return applied.length ? `Migraties uitgevoerd: ${applied.join(', ')}` : 'Database is up-to-date.';
  },
  seed: async ({ db, clock }, args) => {
    const { values } = parseArgs({ args, options: { force: { type: 'boolean', default: false } } });
    const result = await seedDemo(db, { now: clock.now(), force: values.force });
    return result.created ? `Demogemeente aangemaakt: ${result.summary}` : 'Demogemeente bestaat al.';
  },
  'token create': async ({ db }, args) => {
    const { values } = parseArgs({
      args,
      options: { name: { type: 'string' }, permissions: { type: 'string' } },
    });
    if (!values.name) throw new UsageError('Geef een naam: loket token create --name NAAM');
    const perms = values.permissions
      ?.split(',')
      .map((p) => p.trim())
      .filter(Boolean);
    const t = await createToken(db, values.name, perms?.length ? perms : undefined);
    return `Token aangemaakt voor '${t.name}' (id ${t.id}), rechten: ${t.permissions.join(', ')}\n\n  ${t.token}\n\nBewaar het nu: het wordt niet opnieuw getoond.`;
  },
  'token revoke': async ({ db, clock }, args) => {
    const target = args[0];
    if (!target) throw new UsageError('Geef het id of de naam: loket token revoke ID|NAAM');
    const n = await revokeToken(db, target, clock.now());
    return `${n} token(s) ingetrokken.`;
  },
  'token list': async ({ db }) => {
    const rows = await listTokens(db);
    if (rows.length === 0) return 'Geen tokens.';
    return rows
      .map(
        (r) => `${r.id}  ${r.name}  ${r.revoked_at ? 'ingetrokken' : 'actief'}  ${r.permissions.join(',')}`,
      )
      .join('\n');
  },
};

/** Splits argv into a command name and its arguments ('token create --name x' → 'token create'). */
export function findCommand(argv: string[]): { name: string; args: string[] } | null {
  const two = argv.slice(0, 2).join(' ');
  if (commands[two]) return { name: two, args: argv.slice(2) };
  const one = argv[0] ?? '';
  if (commands[one]) return { name: one, args: argv.slice(1) };
  return null;
}

export async function runCommand(ctx: CommandContext, argv: string[]): Promise<CommandResult> {
  const found = findCommand(argv);
  if (!found) return { output: usage, exitCode: 2 };
  try {
    const output = await (commands[found.name] as Command)(ctx, found.args);
    return { output, exitCode: 0 };
  } catch (err) {
    const message = (err as Error).message;
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      return { output: `${message}\n\n${usage}`, exitCode: 2 };
    }
    return { output: `Fout: ${message}`, exitCode: 1 };
  }
}

export { usage };
