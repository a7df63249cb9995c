// On which channel a message goes, decided when it is sent: the party's choice for this kind of
// message if the address it needs exists, else their e-mail address, else SMS to their phone, else a
// letter to their correspondence (or visiting) address. And the senders: a pooled SMTP transport for
// e-mail, the channels issue's providers for SMS and WhatsApp.
import net from 'node:net';
import nodemailer from 'nodemailer';
import type { Config } from '../../config.ts';
import type { MessagingProvider } from '../channels/messaging/provider.ts';
import { defaultGenericProvider, providerFor } from '../channels/messaging/providers.ts';
import type { MailTransport } from '../outbox/outbox.service.ts';
import type { PartyDetails } from '../parties/parties.schemas.ts';
import { addressLines } from './notifications.letter.ts';
import type { NotificationChannel } from './notifications.tables.ts';

export type Route =
  | { channel: 'email' | 'sms' | 'whatsapp'; address: string }
  | { channel: 'post'; address: string; lines: string[] };

const preferredOf = (party: PartyDetails, kind: 'email' | 'phone') => {
  const list = party.digitalAddresses.filter((d) => d.kind === kind);
  return (list.find((d) => d.isPreferred) ?? list[0])?.value ?? null;
};

/** Which phone channels can send at all (their provider is configured). */
export type PhoneChannels = { sms: boolean; whatsapp: boolean };

/** null: no way to reach the party (no digital address, no postal address). */
export function chooseRoute(
  party: PartyDetails,
  preferred: NotificationChannel | undefined,
  phones: PhoneChannels,
): Route | null {
  const email = preferredOf(party, 'email');
  const phone = preferredOf(party, 'phone');
  const postal =
    party.addresses.find((a) => a.kind === 'correspondence') ??
    party.addresses.find((a) => a.kind === 'visiting');
  const letter = postal ? { channel: 'post' as const, address: '', lines: addressLines(postal) } : null;
  if (letter) letter.address = letter.lines.join(', ');
  if (preferred === 'email' && email) return { channel: 'email', address: email };
  if ((preferred === 'sms' || preferred === 'whatsapp') && phone && phones[preferred])
    return { channel: preferred, address: phone };
  if (preferred === 'post' && letter?.lines.length) return letter;
  if (email) return { channel: 'email', address: email };
  if (phone && phones.sms) return { channel: 'sms', address: phone };
  return letter?.lines.length ? letter : null;
}

// ── Senders ──────────────────────────────────────────────────────────────────

const pools = new Map<string, MailTransport & { close: () => void }>();

type SocketOptions = { host?: string; port?: number | string; secure?: boolean };

/**
 * The TCP connection for a pooled SMTP connection, opened with Nagle's algorithm off. nodemailer
 * writes a message in several pieces; with Nagle on, the last piece waits for the relay's delayed
 * ACK (about 40 ms on Linux) before it leaves, so one connection sends at most ~25 messages a
 * second however fast the relay is. nodemailer opens its sockets without that option, so it is
 * given one through its documented getSocket hook (made for proxies). The socket is handed over
 * still connecting and at once: nodemailer's handlers then see a refused or silent relay as an
 * error of that connection (timeouts included) and the pool replaces it. TLS stays nodemailer's
 * (a secure relay upgrades this socket, STARTTLS too).
 */
function connectWithoutDelay(
  options: SocketOptions,
  callback: (err: Error | null, socketOptions: { connection: net.Socket }) => void,
) {
  const connection = net.connect({
    host: options.host || 'localhost',
    port: Number(options.port) || (options.secure ? 465 : 587),
    noDelay: true,
  });
  callback(null, { connection });
}

/**
 * A pooled SMTP transport: several connections kept open, each sending message after message, so a
 * batch does not pay a connection setup per mail. One per relay, sender and size for the process.
 */
export function pooledTransport(relayUrl: string, from: string, connections: number) {
  const key = `${relayUrl}\n${from}\n${connections}`;
  let pool = pools.get(key);
  if (!pool) {
    const url = new URL(relayUrl);
    url.searchParams.set('pool', 'true');
    url.searchParams.set('maxConnections', String(connections));
    url.searchParams.set('maxMessages', '1000000');
    // Bounded waits, so a batch's sending ends well within its lease (notifications.delivery.ts);
    // a relay URL may set its own. The greeting timeout also ends a connect that never completes.
    for (const [name, ms] of [
      ['greetingTimeout', 30_000],
      ['socketTimeout', 60_000],
    ] as const) {
      if (!url.searchParams.has(name)) url.searchParams.set(name, String(ms));
    }
    const transporter = Object.assign(nodemailer.createTransport(url.toString()), {
      getSocket: connectWithoutDelay,
    });
    pool = {
      send: async (mail) => {
        await transporter.sendMail({
          from: mail.from ?? from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
        });
      },
      close: () => {
        transporter.close();
        pools.delete(key);
      },
    };
    pools.set(key, pool);
  }
  return pool;
}

export function mailTransportFor(config: Config): MailTransport | null {
  const url = config.mail.smtpRelayUrl;
  return url ? pooledTransport(url, config.mail.from, config.notify.smtpConnections) : null;
}

/** The provider and our sender address for SMS and WhatsApp; null when not configured. */
export function phoneProviders(config: Config) {
  const sms = config.messaging.smsProviderUrl ? defaultGenericProvider(config) : null;
  const wa = config.messaging.whatsapp;
  const whatsapp = wa.phoneNumberId && wa.accessToken ? providerFor(config, 'whatsapp') : null;
  const of = (p: MessagingProvider | null, from: string | undefined) =>
    p && from ? { provider: p, from } : null;
  return {
    sms: of(sms, config.notify.smsSender),
    whatsapp: of(whatsapp, wa.phoneNumberId),
  };
}
