import { firebrickClients, type ClientConfig } from '../config/schema.js';
import type { FirebrickClient } from '../firebrick/client.js';

export function toFirebrickClients(clients: readonly ClientConfig[]): FirebrickClient[] {
  return firebrickClients(clients).map((c) => ({
    name: c.name,
    address: c.address,
    secret: Buffer.from(c.secret, 'utf8'),
    requireMessageAuthenticator: c.requireMessageAuthenticator,
    profile: c.firebrick,
  }));
}
