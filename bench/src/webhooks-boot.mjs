// Worker threads do not inherit tsx's loader: register it, then load the load generator.
import { register } from 'tsx/esm/api';

register();
await import('./webhooks.ts');
