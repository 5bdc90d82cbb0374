import type { RadiusClient } from '../radius/clients.js';
import type { CliPolicy, FeatureCodesProfile, FirebrickProfile } from './profile.js';

/** A RADIUS client that is a FireBrick, with the profile that settles the spec's ambiguities. */
export interface FirebrickClient extends RadiusClient {
  readonly kind: 'firebrick';
  readonly profile: FirebrickProfile;
  /** The caller IDs its calls may present (rules/cli-policy/); absent: none checked. */
  readonly cliPolicy?: CliPolicy;
  /** The feature codes its phones may dial (rules/feature-codes/); absent: none. */
  readonly featureCodes?: FeatureCodesProfile;
}
