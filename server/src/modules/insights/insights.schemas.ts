// zod schemas of the insights (management information) API; the OpenAPI description at /api/docs
// comes from these, so BI tooling can read the JSON export's shape there.
import { z } from 'zod';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Gebruik een datum als JJJJ-MM-DD.');

export const dashboardQuery = z.object({
  from: isoDate.optional().describe('Eerste dag (Amsterdamse tijd), standaard 29 dagen voor vandaag'),
  to: isoDate.optional().describe('Laatste dag (tot en met), standaard vandaag'),
  team: z.string().trim().min(1).max(100).optional().describe('Team-id of teamcode'),
  channel: z.string().trim().min(1).max(50).optional().describe('Kanaalcode, bijv. phone'),
});
export type DashboardQuery = z.infer<typeof dashboardQuery>;

const rate = z.number().nullable().describe('Fractie 0–1; null als er niets te delen is');
const ref = z.object({ id: z.string().nullable(), code: z.string().nullable(), label: z.string() });

const notMeasured = z.object({
  status: z.literal('niet_gemeten'),
  message: z.string(),
});

export const dashboardResponse = z.object({
  period: z.object({
    from: z.string(),
    to: z.string(),
    days: z.number().int(),
    previousFrom: z.string(),
    previousTo: z.string(),
  }),
  filters: z.object({ team: ref.nullable(), channel: ref.nullable() }),
  generatedAt: z.string(),
  repeatWindowDays: z.number().int(),
  totals: z.object({
    contacts: z.number().int(),
    previousContacts: z.number().int(),
    inbound: z.number().int(),
    outbound: z.number().int(),
    resolvedFirst: z.number().int(),
    firstContactResolutionRate: rate,
    repeats: z.number().int(),
    repeatRate: rate.describe('Herhaalcontacten gedeeld door inkomende contacten'),
  }),
  channels: z.array(
    z.object({
      channel: z.string(),
      label: z.string(),
      contacts: z.number().int(),
      share: rate,
      previous: z.number().int(),
      change: rate.describe('Verandering t.o.v. de vorige periode (fractie)'),
    }),
  ),
  series: z.object({
    bucket: z.enum(['day', 'week', 'month']),
    points: z.array(z.object({ start: z.string(), channel: z.string(), contacts: z.number().int() })),
  }),
  hours: z.array(z.object({ hour: z.number().int(), channel: z.string(), contacts: z.number().int() })),
  outsideHours: z.object({
    schedule: z.string(),
    contacts: z.number().int(),
    rate,
  }),
  reasons: z.array(
    ref.extend({
      contacts: z.number().int(),
      previous: z.number().int(),
      change: rate,
      resolvedFirst: z.number().int(),
      firstContactResolutionRate: rate,
      inbound: z.number().int(),
      repeats: z.number().int(),
      repeatRate: rate,
    }),
  ),
  repeatsByReason: z.array(
    ref.extend({ inbound: z.number().int(), repeats: z.number().int(), repeatRate: rate }),
  ),
  repeatsByTeam: z.array(
    ref.extend({ inbound: z.number().int(), repeats: z.number().int(), repeatRate: rate }),
  ),
  callbacks: z.object({
    note: z.string(),
    teams: z.array(
      ref.extend({
        opened: z.number().int(),
        done: z.number().int(),
        doneWithinTerm: z.number().int(),
        open: z.number().int(),
        overdue: z.number().int(),
        escalated: z.number().int(),
        cancelled: z.number().int(),
      }),
    ),
  }),
  answerTimes: z.array(
    z.object({
      channel: z.string(),
      label: z.string(),
      done: z.number().int(),
      withinTerm: z.number().int(),
      withinTermRate: rate,
      averageHours: z.number().nullable(),
    }),
  ),
  handlingTimes: z.object({
    status: z.enum(['gemeten', 'niet_gemeten']),
    message: z.string(),
    channels: z.array(
      z.object({
        channel: z.string(),
        label: z.string(),
        measured: z.boolean(),
        source: z
          .enum(['call', 'queue'])
          .nullable()
          .describe("'call': gespreksduur; 'queue': wachtrij-item opgepakt → afgehandeld"),
        sourceLabel: z.string(),
        handled: z.number().int(),
        averageMinutes: z.number().nullable(),
        note: z.string().nullable().describe('Waarom dit kanaal niet gemeten is'),
      }),
    ),
  }),
  satisfaction: z.union([
    notMeasured,
    z.object({
      status: z.literal('gemeten'),
      message: z.string(),
      responses: z.number().int(),
      average: z.number().describe('Gemiddelde score 1–5'),
      positiveRate: rate.describe('Aandeel scores 4 of 5'),
      channels: z.array(
        z.object({
          channel: z.string(),
          label: z.string(),
          responses: z.number().int(),
          average: z.number(),
          positiveRate: rate,
        }),
      ),
    }),
  ]),
});
export type Dashboard = z.infer<typeof dashboardResponse>;

const flag = z
  .enum(['true', 'false'])
  .transform((v) => v === 'true')
  .optional();

const paging = {
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
};

export const contactListQuery = dashboardQuery.extend({
  reason: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .optional()
    .describe("Contactreden-id of -code; 'geen' = zonder reden"),
  direction: z.enum(['in', 'out']).optional(),
  repeat: flag,
  resolved: flag,
  outsideHours: flag,
  hour: z.coerce.number().int().min(0).max(23).optional(),
  ...paging,
});

const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
    items: z.array(item),
  });

export const contactListResponse = pageOf(
  z.object({
    id: z.string(),
    number: z.string(),
    occurredAt: z.string(),
    channel: z.string(),
    direction: z.enum(['in', 'out']),
    subject: z.string(),
    reason: ref.nullable(),
    team: ref.nullable(),
    resolvedFirstContact: z.boolean(),
    confidential: z.boolean(),
    repeatNth: z.number().int().nullable(),
  }),
);

export const taskStates = [
  'opened',
  'done',
  'within_term',
  'open',
  'overdue',
  'escalated',
  'cancelled',
] as const;

export const taskListQuery = dashboardQuery.omit({ channel: true }).extend({
  state: z.enum(taskStates).optional(),
  callbackChannel: z.enum(['phone', 'email']).optional(),
  ...paging,
});

export const taskListResponse = pageOf(
  z.object({
    id: z.string(),
    number: z.string(),
    kind: z.string(),
    subject: z.string(),
    status: z.string(),
    createdAt: z.string(),
    dueAt: z.string(),
    closedAt: z.string().nullable(),
    escalated: z.boolean(),
    team: ref.nullable(),
    callbackChannel: z.string().nullable(),
  }),
);
