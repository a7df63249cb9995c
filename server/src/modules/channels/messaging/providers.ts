// Which provider handles a name: 'whatsapp' is Meta's Cloud API, any name in LOKET_WEBHOOK_SECRETS
// is a generic JSON provider. One instance per configuration.
import type { Config } from '../../../config.ts';
import { genericProvider } from './generic.provider.ts';
import type { MessagingProvider } from './provider.ts';
import { whatsappProvider } from './whatsapp.provider.ts';

const cache = new WeakMap<Config, Map<string, MessagingProvider>>();

export function providerFor(config: Config, name: string): MessagingProvider | null {
  let byName = cache.get(config);
  if (!byName) {
    byName = new Map();
    cache.set(config, byName);
  }
  const known = byName.get(name);
  if (known) return known;
  const { messaging } = config;
  let provider: MessagingProvider | null = null;
  if (name === 'whatsapp') provider = whatsappProvider(messaging.whatsapp);
  else if (Object.hasOwn(messaging.webhookSecrets, name)) {
    provider = genericProvider(name, messaging.webhookSecrets[name] as string, messaging.smsProviderUrl);
  }
  if (provider) byName.set(name, provider);
  return provider;
}

/** The generic provider replies go through when a contact has no provider of its own. */
export function defaultGenericProvider(config: Config): MessagingProvider | null {
  const [first] = Object.keys(config.messaging.webhookSecrets);
  return first ? providerFor(config, first) : null;
}
