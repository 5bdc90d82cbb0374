import type { RadiusClient } from '../radius/clients.js';
import type { FaxbackProfile } from './profile.js';

/** A RADIUS client that is a FaxBack port server, with the profile of its installation (spec §6, §8). */
export interface FaxbackClient extends RadiusClient {
  readonly kind: 'faxback';
  readonly faxback: FaxbackProfile;
}
