import type { RadiusClient } from '../radius/clients.js';
import type { FirebrickProfile } from './profile.js';

/** A RADIUS client that is a FireBrick, with the profile that settles the spec's ambiguities. */
export interface FirebrickClient extends RadiusClient {
  readonly kind: 'firebrick';
  readonly profile: FirebrickProfile;
}
