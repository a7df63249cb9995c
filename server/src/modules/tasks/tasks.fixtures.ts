// Test helpers for tasks: a party to call back, and short-hands for the API.
import { randomUUID } from 'node:crypto';
import type { TestApp, Who } from '../../test/app.ts';

export async function insertParty(t: TestApp, name = 'J. de Vries'): Promise<string> {
  const id = randomUUID();
  await t.db
    .insertInto('parties')
    .values({ id, kind: 'person', surname: name, display_name: name, search_name: name.toLowerCase() })
    .execute();
  return id;
}

export async function createTask(t: TestApp, who: Who, body: Record<string, unknown>) {
  const res = await t.request('POST', '/api/v1/tasks', who, body);
  if (res.statusCode !== 201) throw new Error(`create task: ${res.statusCode} ${res.body}`);
  return res.json();
}

export const employeeId = async (t: TestApp, username: string) =>
  (await t.db.selectFrom('employees').select('id').where('username', '=', username).executeTakeFirstOrThrow())
    .id;
