import { z } from 'zod';

export const ownerKinds = ['employee', 'team', 'department'] as const;
export const taskStatuses = ['open', 'in_progress', 'done', 'cancelled'] as const;
export const taskResults = ['reached_answered', 'not_reached', 'answered_in_writing'] as const;

/** An owner: an employee (uuid), or a team or department by uuid or code. */
export const ownerRef = z.object({
  kind: z.enum(ownerKinds),
  id: z.string().trim().min(1).max(100),
});
export type OwnerRef = z.infer<typeof ownerRef>;

export const createTaskBody = z.object({
  kind: z.enum(['callback', 'task']).default('callback'),
  subject: z.string().trim().min(1).max(300),
  description: z.string().max(10_000).optional(),
  contactId: z.uuid().optional(),
  partyId: z.uuid().optional(),
  reasonId: z.uuid().optional(),
  reasonCode: z.string().min(1).max(100).optional(),
  callback: z
    .object({ channel: z.enum(['phone', 'email']), address: z.string().trim().min(1).max(320) })
    .optional(),
  owner: ownerRef.optional(),
  dueAt: z.iso.datetime({ offset: true }).optional(),
});
export type CreateTaskInput = z.input<typeof createTaskBody>;

export const completeBody = z.object({
  result: z.enum(taskResults),
  note: z.string().max(10_000).optional(),
});

export const cancelBody = z.object({ reason: z.string().trim().min(1).max(2000) });

export const attemptBody = z.object({
  succeeded: z.boolean(),
  note: z.string().max(10_000).optional(),
});

export const reassignBody = z.object({
  taskIds: z.array(z.uuid()).min(1).max(500),
  owner: ownerRef,
});

const flag = z
  .enum(['true', 'false', '1', '0'])
  .optional()
  .transform((v) => v === 'true' || v === '1');

export const listQuery = z.object({
  /** mine: owned by or claimed by me; team: my teams (or `team`); inbox: both; all: every task (managers). */
  scope: z.enum(['inbox', 'mine', 'team', 'all']).default('inbox'),
  team: z.string().max(100).optional(),
  status: z
    .string()
    .optional()
    .transform((v) => v?.split(',').filter(Boolean))
    .pipe(z.array(z.enum(taskStatuses)).optional()),
  overdue: flag,
  dueToday: flag,
  party: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type ListQuery = z.infer<typeof listQuery>;

export const departmentBody = z.object({
  code: z.string().trim().min(1).max(100),
  name: z.string().trim().min(1).max(200),
  teams: z.array(z.string().min(1).max(100)).max(100).default([]),
});

export const backupBody = z.object({ owner: ownerRef, backup: ownerRef });
