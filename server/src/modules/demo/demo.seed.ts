// "Gemeente Voorbeeld": a reproducible demo municipality. Same seed, same data, every time.
import type { Db } from '../../db/connect.ts';
import { createToken, hashPassword } from '../access/access.service.ts';
import { seedDemoCases } from '../cases/cases.demo.ts';
import { seedKnowledge } from '../knowledge/knowledge.seed.ts';
import { seedDemoRouting } from '../routing/routing.demo.ts';
import { seedDemoSubscriptions } from '../subscriptions/subscriptions.demo.ts';
import { demoReasons, demoTeams } from './demo.data.ts';
import { demoSize, seedPopulation } from './demo.population.ts';
import { uuidFrom } from './random.ts';

export const demoToken = 'demo-voorbeeld-token-niet-voor-productie';

export const demoLogins = [
  { username: 'kcc', password: 'kcc-demo', roles: ['kcc'], teams: ['kcc'], description: 'KCC-medewerker' },
  {
    username: 'backoffice',
    password: 'backoffice-demo',
    roles: ['backoffice'],
    teams: ['burgerzaken'],
    description: 'Backoffice Burgerzaken',
  },
  {
    username: 'manager',
    password: 'manager-demo',
    roles: ['manager'],
    teams: ['kcc'],
    description: 'Teamleider KCC',
  },
  {
    username: 'admin',
    password: 'admin-demo',
    roles: ['admin'],
    teams: ['kcc'],
    description: 'Functioneel beheerder',
  },
] as const;

export type SeedOptions = {
  now: Date;
  force?: boolean;
  /** Also the residents, businesses and contacts (default). Tests seed only the organisation. */
  population?: boolean | { parties: number; contacts: number };
};

/** Seeds what is missing; returns created: false when the demo municipality is already there. */
export async function seedDemo(db: Db, opts: SeedOptions) {
  const size =
    opts.population === false
      ? null
      : opts.population === true || !opts.population
        ? demoSize
        : opts.population;
  const existing = await db.selectFrom('teams').select('id').where('code', '=', 'kcc').executeTakeFirst();
  const populated =
    !size ||
    (await db.selectFrom('parties').select('id').where('id', '=', uuidFrom('party:0')).executeTakeFirst());
  if (existing && populated && !opts.force) return { created: false, summary: '' };

  let counts: Awaited<ReturnType<typeof seedPopulation>> | null = null;
  await db.transaction().execute(async (trx) => {
    for (const t of demoTeams) {
      await trx
        .insertInto('teams')
        .values({ id: uuidFrom(`team:${t.code}`), code: t.code, name: t.name })
        .onConflict((oc) => oc.column('code').doNothing())
        .execute();
    }
    for (const r of demoReasons) {
      await trx
        .insertInto('contact_reasons')
        .values({
          id: uuidFrom(`reason:${r.code}`),
          code: r.code,
          label: r.label,
          service_norm_days: r.norm,
          team_id: uuidFrom(`team:${r.team}`),
        })
        .onConflict((oc) => oc.column('code').doNothing())
        .execute();
    }
    for (const l of demoLogins) {
      const id = uuidFrom(`employee:${l.username}`);
      await trx
        .insertInto('employees')
        .values({
          id,
          username: l.username,
          display_name: l.description,
          email: `${l.username}@voorbeeld.nl`,
          password_hash: await hashPassword(l.password),
          roles: [...l.roles],
        })
        .onConflict((oc) => oc.column('username').doNothing())
        .execute();
      for (const team of l.teams) {
        await trx
          .insertInto('employee_teams')
          .values({ employee_id: id, team_id: uuidFrom(`team:${team}`) })
          .onConflict((oc) => oc.doNothing())
          .execute();
      }
    }
    const tokenExists = await trx
      .selectFrom('api_tokens')
      .select('id')
      .where('name', '=', 'demo')
      .executeTakeFirst();
    if (!tokenExists) await createToken(trx, 'demo', undefined, demoToken);
    await seedKnowledge(trx, opts.now);
    if (size) counts = await seedPopulation(trx, opts.now, size);
    if (size) await seedDemoRouting(trx, opts.now); // rules and waiting messages; tests start without
    await seedDemoCases(trx, opts.now, size?.parties ?? 0); // case types always, cases of demo residents
    await seedDemoSubscriptions(trx, opts.now, size?.parties ?? 0); // topics always, a few subscribers
  });
  const c = counts as Awaited<ReturnType<typeof seedPopulation>> | null;
  const people = c ? `, ${c.parties} partijen, ${c.contacts} contacten` : '';
  return {
    created: true,
    summary: `${demoTeams.length} teams, ${demoLogins.length + (c?.employees ?? 0)} medewerkers${people}`,
  };
}
