// The one place that reads process.env. Everything else receives a Config.
import path from 'node:path';
import { z } from 'zod';

const booleanFlag = z
  .string()
  .optional()
  .transform((v) => v === '1' || v === 'true');

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  LOKET_DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL moet met postgres:// beginnen')
    .optional(),
  LOKET_PUBLIC_URL: z.string().url().optional(),
  LOKET_SESSION_SECRET: z.string().min(32).optional(),
  LOKET_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOKET_BODY_LIMIT: z.coerce.number().int().positive().default(1_048_576),
  LOKET_ATTACHMENT_LIMIT: z.coerce
    .number()
    .int()
    .positive()
    .default(10 * 1_048_576),
  LOKET_SEED: z.enum(['demo', 'none']).default('demo'),
  LOKET_DEV_CLOCK: booleanFlag,
  // Tasks: working-day calendar, terms, reminders, escalation, scheduler, mail (issue 4).
  LOKET_GOOD_FRIDAY: booleanFlag,
  LOKET_LIBERATION_DAY: z.enum(['yearly', 'lustrum']).default('yearly'),
  LOKET_SERVICE_NORM_DAYS: z.coerce.number().int().min(1).max(250).default(2),
  LOKET_REMINDER_INTERVAL_DAYS: z.coerce.number().int().min(1).max(250).default(1),
  LOKET_REMINDERS_BEFORE_ESCALATION: z.coerce.number().int().min(1).max(100).default(3),
  LOKET_ESCALATION_TEAM: z.string().min(1).default('kcc'),
  LOKET_SCHEDULER_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  LOKET_SMTP_RELAY_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'LOKET_SMTP_RELAY_URL moet met smtp:// of smtps:// beginnen')
    .optional(),
  LOKET_MAIL_FROM: z.string().default('Loket <loket@localhost>'),
});

export type Config = {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  databaseKind: 'pglite' | 'postgres';
  publicUrl: string;
  sessionSecret: string | undefined;
  logLevel: string;
  bodyLimit: number;
  attachmentLimit: number;
  seed: 'demo' | 'none';
  devClock: boolean;
  tasks: {
    goodFriday: boolean;
    liberationDay: 'yearly' | 'lustrum';
    serviceNormDays: number;
    reminderIntervalDays: number;
    remindersBeforeEscalation: number;
    escalationTeam: string;
    schedulerIntervalSeconds: number;
  };
  mail: { smtpRelayUrl: string | undefined; from: string };
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Ongeldige configuratie:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.LOKET_DEV_CLOCK && e.NODE_ENV === 'production') {
    throw new Error('Ongeldige configuratie: LOKET_DEV_CLOCK is niet toegestaan als NODE_ENV=production');
  }
  const config: Config = {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.LOKET_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    databaseKind: e.DATABASE_URL ? 'postgres' : 'pglite',
    publicUrl: (e.LOKET_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    sessionSecret: e.LOKET_SESSION_SECRET,
    logLevel: e.LOKET_LOG_LEVEL,
    bodyLimit: e.LOKET_BODY_LIMIT,
    attachmentLimit: e.LOKET_ATTACHMENT_LIMIT,
    seed: e.LOKET_SEED,
    devClock: e.LOKET_DEV_CLOCK,
    tasks: {
      goodFriday: e.LOKET_GOOD_FRIDAY,
      liberationDay: e.LOKET_LIBERATION_DAY,
      serviceNormDays: e.LOKET_SERVICE_NORM_DAYS,
      reminderIntervalDays: e.LOKET_REMINDER_INTERVAL_DAYS,
      remindersBeforeEscalation: e.LOKET_REMINDERS_BEFORE_ESCALATION,
      escalationTeam: e.LOKET_ESCALATION_TEAM,
      schedulerIntervalSeconds: e.LOKET_SCHEDULER_INTERVAL_SECONDS,
    },
    mail: { smtpRelayUrl: e.LOKET_SMTP_RELAY_URL, from: e.LOKET_MAIL_FROM },
  };
  return { ...config, ...overrides };
}
