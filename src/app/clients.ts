// The RADIUS clients firebridge serves, from the configuration: each of a kind that decides the
// dialect it is answered in (config clients[].kind).
import type { ClientConfig } from '../config/schema.js';
import type { FaxbackClient } from '../faxback/client.js';
import type { FirebrickClient } from '../firebrick/client.js';
import type { RadiusRequest } from '../radius/index.js';

export type ServedClient = FirebrickClient | FaxbackClient;

export function toServedClients(clients: readonly ClientConfig[]): ServedClient[] {
  return clients.map((c): ServedClient => {
    const common = { name: c.name, address: c.address, secret: Buffer.from(c.secret, 'utf8'), requireMessageAuthenticator: c.requireMessageAuthenticator };
    if (c.kind === 'faxback') return { ...common, kind: 'faxback', faxback: c.faxback };
    const { cliPolicy, featureCodes, ...profile } = c.firebrick;
    return { ...common, kind: 'firebrick', profile, ...(cliPolicy ? { cliPolicy } : {}), ...(featureCodes ? { featureCodes } : {}) };
  });
}

/** A request with its client's kind lifted out, so that one switch narrows the request too. */
export type ServedRequest =
  | { readonly kind: 'firebrick'; readonly request: RadiusRequest<FirebrickClient> }
  | { readonly kind: 'faxback'; readonly request: RadiusRequest<FaxbackClient> };

export function byClientKind(request: RadiusRequest<ServedClient>): ServedRequest {
  const client = request.client;
  return client.kind === 'faxback' ? { kind: 'faxback', request: { ...request, client } } : { kind: 'firebrick', request: { ...request, client } };
}
