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
  // Web chat limits per client IP address (behind a proxy: X-Forwarded-For).
  LOKET_CHAT_CONNECTIONS_PER_IP: z.coerce.number().int().min(1).max(1_000_000).default(50),
  LOKET_CHAT_FRAMES_PER_IP: z.coerce.number().int().min(1).max(100_000_000).default(100),
  LOKET_CHAT_MAX_WAIT_SECONDS: z.coerce.number().int().min(1).max(86_400).default(180),
  // Tasks: working-day calendar, terms, reminders, escalation, scheduler, mail (issue 4).
  LOKET_GOOD_FRIDAY: booleanFlag,
  LOKET_LIBERATION_DAY: z.enum(['yearly', 'lustrum']).default('yearly'),
  LOKET_SERVICE_NORM_DAYS: z.coerce.number().int().min(1).max(250).default(2),
  LOKET_REMINDER_INTERVAL_DAYS: z.coerce.number().int().min(1).max(250).default(1),
  LOKET_REMINDERS_BEFORE_ESCALATION: z.coerce.number().int().min(1).max(100).default(3),
  LOKET_ESCALATION_TEAM: z.string().min(1).default('kcc'),
  LOKET_SCHEDULER_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  LOKET_REPEAT_WINDOW_DAYS: z.coerce.number().int().min(1).max(365).default(7),
  LOKET_SMTP_RELAY_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'LOKET_SMTP_RELAY_URL moet met smtp:// of smtps:// beginnen')
    .optional(),
  LOKET_MAIL_FROM: z.string().default('Loket <loket@localhost>'),
  // E-mail in (issue 6): the built-in SMTP receiver (0 = off) and/or an IMAP mailbox to poll.
  LOKET_SMTP_PORT: z.coerce.number().int().min(0).max(65535).default(2525),
  LOKET_MAIL_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(25 * 1_048_576),
  LOKET_IMAP_URL: z
    .string()
    .regex(/^imaps?:\/\//, 'LOKET_IMAP_URL moet met imap:// of imaps:// beginnen')
    .optional(),
  LOKET_IMAP_INTERVAL_SECONDS: z.coerce.number().int().min(5).max(86_400).default(60),
  // Employee login through the municipality's identity provider (OpenID Connect); off when no issuer.
  LOKET_OIDC_ISSUER: z.string().url().optional(),
  LOKET_OIDC_CLIENT_ID: z.string().min(1).optional(),
  LOKET_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  LOKET_OIDC_REDIRECT_URL: z.string().url().optional(),
  LOKET_OIDC_SCOPES: z.string().default('openid profile email'),
  LOKET_OIDC_USERNAME_CLAIM: z.string().min(1).default('preferred_username'),
  LOKET_OIDC_ROLES_CLAIM: z.string().min(1).default('roles'),
  LOKET_OIDC_ROLE_MAP: z.string().optional(),
  LOKET_OIDC_TEAMS_CLAIM: z.string().min(1).optional(),
  LOKET_OIDC_LABEL: z.string().min(1).max(60).default('Inloggen met uw organisatieaccount'),
  // Residents' login for MijnGemeente (issue 8): DigiD / eHerkenning through an OIDC broker.
  LOKET_RESIDENT_OIDC_ISSUER: z.string().url().optional(),
  LOKET_RESIDENT_OIDC_CLIENT_ID: z.string().min(1).optional(),
  LOKET_RESIDENT_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  LOKET_RESIDENT_BSN_CLAIM: z.string().min(1).default('bsn'),
  LOKET_RESIDENT_KVK_CLAIM: z.string().min(1).default('kvk'),
  // Cases (issue 8): a ZGW Zaken API (e.g. Open Zaak) instead of the built-in case register.
  LOKET_ZAKEN_API_URL: z.string().url().optional(),
  LOKET_ZAKEN_API_CLIENT_ID: z.string().min(1).optional(),
  LOKET_ZAKEN_API_SECRET: z.string().min(1).optional(),
  // Telephony events (issue 6): HMAC-SHA256 secret shared with the telephone platform; unset = endpoint off.
  LOKET_TELEPHONY_SECRET: z.string().min(16).optional(),
  // WhatsApp (Business Cloud API), SMS and social media through providers (issue 6).
  LOKET_WHATSAPP_APP_SECRET: z.string().min(1).optional(),
  LOKET_WHATSAPP_VERIFY_TOKEN: z.string().min(1).optional(),
  LOKET_WHATSAPP_PHONE_NUMBER_ID: z
    .string()
    .regex(/^\d{1,30}$/, 'een nummer-id van cijfers')
    .optional(),
  LOKET_WHATSAPP_ACCESS_TOKEN: z.string().min(1).optional(),
  LOKET_WHATSAPP_API_URL: z.string().url().default('https://graph.facebook.com/v21.0'),
  LOKET_WEBHOOK_SECRETS: z.string().optional(),
  LOKET_SMS_PROVIDER_URL: z.string().url().optional(),
  // Notifications to residents (issue 8): attempts before a message goes to the dead-letter list,
  // SMTP connections kept open for sending, the sender name of an SMS.
  LOKET_NOTIFY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(8),
  LOKET_NOTIFY_SMTP_CONNECTIONS: z.coerce.number().int().min(1).max(50).default(5),
  LOKET_NOTIFY_SMS_SENDER: z.string().trim().min(1).max(20).default('Gemeente'),
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
  /** Web chat: open connections per IP, frames per IP per 10 seconds. */
  chat: { connectionsPerIp: number; framesPerIp: number; maxWaitSeconds: number };
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
  /** Mail in: SMTP receiver port (0 = off), largest message accepted, optional IMAP mailbox. */
  mailIn: { smtpPort: number; maxBytes: number; imapUrl: string | undefined; imapIntervalSeconds: number };
  /** Management information (issue 9): repeat contact = again within this many days. */
  insights: { repeatWindowDays: number };
  /** null: only local accounts. */
  oidc: OidcConfig | null;
  /** MijnGemeente login; devIdp: the built-in development IdP at /dev-idp (never in production). */
  resident: ResidentLoginConfig;
  /** null: the built-in case register. */
  zakenApi: ZakenApiConfig | null;
  /** secret null: POST /telephony/events answers 503. */
  telephony: { secret: string | null };
  messaging: MessagingConfig;
  /** Notifications to residents: attempts before 'dead', pooled SMTP connections, SMS sender name. */
  notify: { maxAttempts: number; smtpConnections: number; smsSender: string };
};

/** WhatsApp Business Cloud API and generic JSON webhook providers (SMS, social media). */
export type MessagingConfig = {
  whatsapp: {
    appSecret: string | undefined;
    verifyToken: string | undefined;
    phoneNumberId: string | undefined;
    accessToken: string | undefined;
    apiUrl: string;
  };
  /** Provider name → HMAC secret of its webhooks (and of what Loket posts to it). */
  webhookSecrets: Record<string, string>;
  smsProviderUrl: string | undefined;
};

function messagingConfig(e: z.infer<typeof envSchema>): MessagingConfig {
  const webhookSecrets: Record<string, string> = {};
  for (const pair of (e.LOKET_WEBHOOK_SECRETS ?? '').split(',').filter((p) => p.trim())) {
    const i = pair.indexOf(':');
    const name = pair.slice(0, i).trim();
    const secret = pair.slice(i + 1).trim();
    if (i < 0 || !/^[a-z0-9][a-z0-9-]{0,62}$/.test(name) || !secret) {
      throw new Error(
        "Ongeldige configuratie: LOKET_WEBHOOK_SECRETS verwacht 'provider:geheim,…' (provider in kleine letters, cijfers, streepjes)",
      );
    }
    webhookSecrets[name] = secret;
  }
  return {
    whatsapp: {
      appSecret: e.LOKET_WHATSAPP_APP_SECRET,
      verifyToken: e.LOKET_WHATSAPP_VERIFY_TOKEN,
      phoneNumberId: e.LOKET_WHATSAPP_PHONE_NUMBER_ID,
      accessToken: e.LOKET_WHATSAPP_ACCESS_TOKEN,
      apiUrl: e.LOKET_WHATSAPP_API_URL.replace(/\/+$/, ''),
    },
    webhookSecrets,
    smsProviderUrl: e.LOKET_SMS_PROVIDER_URL,
  };
}

export type ResidentLoginConfig = {
  issuer: string;
  clientId: string;
  clientSecret: string | undefined;
  redirectUrl: string;
  bsnClaim: string;
  kvkClaim: string;
  devIdp: boolean;
} | null;

function residentConfig(e: z.infer<typeof envSchema>, publicUrl: string): ResidentLoginConfig {
  const claims = { bsnClaim: e.LOKET_RESIDENT_BSN_CLAIM, kvkClaim: e.LOKET_RESIDENT_KVK_CLAIM };
  const redirectUrl = `${publicUrl}/api/v1/mijn/auth/callback`;
  if (!e.LOKET_RESIDENT_OIDC_ISSUER) {
    if (e.NODE_ENV === 'production') return null;
    const secret = 'loket-dev-idp-geheim-alleen-voor-ontwikkeling';
    return {
      issuer: `${publicUrl}/dev-idp`,
      clientId: 'loket-mijn',
      clientSecret: secret,
      redirectUrl,
      ...claims,
      devIdp: true,
    };
  }
  if (!e.LOKET_RESIDENT_OIDC_CLIENT_ID)
    throw new Error(
      'Ongeldige configuratie: LOKET_RESIDENT_OIDC_ISSUER vraagt ook LOKET_RESIDENT_OIDC_CLIENT_ID',
    );
  if (e.NODE_ENV === 'production' && !e.LOKET_RESIDENT_OIDC_ISSUER.startsWith('https://')) {
    throw new Error(
      'Ongeldige configuratie: LOKET_RESIDENT_OIDC_ISSUER moet https:// zijn als NODE_ENV=production',
    );
  }
  return {
    issuer: e.LOKET_RESIDENT_OIDC_ISSUER,
    clientId: e.LOKET_RESIDENT_OIDC_CLIENT_ID,
    clientSecret: e.LOKET_RESIDENT_OIDC_CLIENT_SECRET,
    redirectUrl,
    ...claims,
    devIdp: false,
  };
}

/** A ZGW Zaken API; Loket signs each request with a JWT (HS256, iss = client_id) as ZGW requires. */
export type ZakenApiConfig = { url: string; clientId: string; secret: string };

export type OidcConfig = {
  issuer: string;
  clientId: string;
  /** Absent for a public client: PKCE alone then protects the code exchange. */
  clientSecret: string | undefined;
  redirectUrl: string;
  scopes: string;
  usernameClaim: string;
  /** Dotted path into the claims, e.g. 'realm_access.roles' for Keycloak. */
  rolesClaim: string;
  /** IdP role or group → Loket role; without a map, values that are Loket roles are used as they are. */
  roleMap: Record<string, string[]>;
  teamsClaim: string | undefined;
  label: string;
};

function oidcConfig(e: z.infer<typeof envSchema>, publicUrl: string): OidcConfig | null {
  if (!e.LOKET_OIDC_ISSUER) return null;
  if (!e.LOKET_OIDC_CLIENT_ID)
    throw new Error('Ongeldige configuratie: LOKET_OIDC_ISSUER vraagt ook LOKET_OIDC_CLIENT_ID');
  if (e.NODE_ENV === 'production' && !e.LOKET_OIDC_ISSUER.startsWith('https://')) {
    throw new Error('Ongeldige configuratie: LOKET_OIDC_ISSUER moet https:// zijn als NODE_ENV=production');
  }
  const roleMap: Record<string, string[]> = {};
  for (const pair of (e.LOKET_OIDC_ROLE_MAP ?? '').split(',').filter((p) => p.trim())) {
    const [from, to] = pair.split('=').map((s) => s.trim());
    if (!from || !to)
      throw new Error(
        `Ongeldige configuratie: LOKET_OIDC_ROLE_MAP verwacht 'idp-rol=loket-rol,…', niet '${pair}'`,
      );
    roleMap[from] = [...(roleMap[from] ?? []), to];
  }
  return {
    issuer: e.LOKET_OIDC_ISSUER,
    clientId: e.LOKET_OIDC_CLIENT_ID,
    clientSecret: e.LOKET_OIDC_CLIENT_SECRET,
    redirectUrl: e.LOKET_OIDC_REDIRECT_URL ?? `${publicUrl}/api/v1/auth/oidc/callback`,
    scopes: e.LOKET_OIDC_SCOPES,
    usernameClaim: e.LOKET_OIDC_USERNAME_CLAIM,
    rolesClaim: e.LOKET_OIDC_ROLES_CLAIM,
    roleMap,
    teamsClaim: e.LOKET_OIDC_TEAMS_CLAIM,
    label: e.LOKET_OIDC_LABEL,
  };
}

function zakenApiConfig(e: z.infer<typeof envSchema>): ZakenApiConfig | null {
  if (!e.LOKET_ZAKEN_API_URL) return null;
  if (!e.LOKET_ZAKEN_API_CLIENT_ID || !e.LOKET_ZAKEN_API_SECRET) {
    throw new Error(
      'Ongeldige configuratie: LOKET_ZAKEN_API_URL vraagt ook LOKET_ZAKEN_API_CLIENT_ID en LOKET_ZAKEN_API_SECRET',
    );
  }
  return {
    url: e.LOKET_ZAKEN_API_URL.replace(/\/+$/, '').replace(/\/zaken\/api\/v1$/, ''),
    clientId: e.LOKET_ZAKEN_API_CLIENT_ID,
    secret: e.LOKET_ZAKEN_API_SECRET,
  };
}

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
    chat: {
      connectionsPerIp: e.LOKET_CHAT_CONNECTIONS_PER_IP,
      framesPerIp: e.LOKET_CHAT_FRAMES_PER_IP,
      maxWaitSeconds: e.LOKET_CHAT_MAX_WAIT_SECONDS,
    },
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
    mailIn: {
      smtpPort: e.LOKET_SMTP_PORT,
      maxBytes: e.LOKET_MAIL_MAX_BYTES,
      imapUrl: e.LOKET_IMAP_URL,
      imapIntervalSeconds: e.LOKET_IMAP_INTERVAL_SECONDS,
    },
    insights: { repeatWindowDays: e.LOKET_REPEAT_WINDOW_DAYS },
    oidc: null,
    resident: null,
    zakenApi: zakenApiConfig(e),
    telephony: { secret: e.LOKET_TELEPHONY_SECRET ?? null },
    messaging: messagingConfig(e),
    notify: {
      maxAttempts: e.LOKET_NOTIFY_MAX_ATTEMPTS,
      smtpConnections: e.LOKET_NOTIFY_SMTP_CONNECTIONS,
      smsSender: e.LOKET_NOTIFY_SMS_SENDER,
    },
  };
  config.oidc = oidcConfig(e, config.publicUrl);
  config.resident = residentConfig(e, config.publicUrl);
  return { ...config, ...overrides };
}
