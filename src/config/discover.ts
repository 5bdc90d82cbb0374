// Which configuration file a command reads. `serve` and every operator command find it the same way,
// so `npm start` and `npx firebridge subscriber add …` run in the same directory use the same Redis,
// key prefix and realm: --config, else $FIREBRIDGE_CONFIG, else ./config/firebridge.yaml of the
// working directory, else /etc/firebridge/firebridge.yaml, else the built-in defaults.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export const WORKING_DIRECTORY_CONFIG = 'config/firebridge.yaml';
export const SYSTEM_CONFIG = '/etc/firebridge/firebridge.yaml';

export type ConfigOrigin = 'option' | 'environment' | 'working-directory' | 'system' | 'defaults';

export interface ConfigLocation {
  /** The file to read; absent: the built-in defaults. */
  readonly file: string | undefined;
  readonly origin: ConfigOrigin;
}

export interface ConfigSearch {
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  readonly exists?: (path: string) => boolean;
}

/**
 * A file named by --config or $FIREBRIDGE_CONFIG is returned whether or not it exists (reading it then
 * fails with its name): an explicit choice never falls through to another file. The two fixed places
 * are used only when present.
 */
export function discoverConfig(explicit: string | undefined, search: ConfigSearch = {}): ConfigLocation {
  const env = search.env ?? process.env;
  const exists = search.exists ?? existsSync;
  if (explicit) return { file: explicit, origin: 'option' };
  if (env.FIREBRIDGE_CONFIG) return { file: env.FIREBRIDGE_CONFIG, origin: 'environment' };
  const local = resolve(search.cwd ?? process.cwd(), WORKING_DIRECTORY_CONFIG);
  if (exists(local)) return { file: local, origin: 'working-directory' };
  if (exists(SYSTEM_CONFIG)) return { file: SYSTEM_CONFIG, origin: 'system' };
  return { file: undefined, origin: 'defaults' };
}

const ORIGIN_NOTE: Record<ConfigOrigin, string> = {
  option: ' (from --config)',
  environment: ' (from $FIREBRIDGE_CONFIG)',
  'working-directory': ' (found in the working directory)',
  system: '',
  defaults: '',
};

/** For the line commands write on stderr and the server's start log. */
export function describeConfigLocation(location: ConfigLocation): string {
  if (location.file === undefined) return 'no configuration file; built-in defaults';
  return `configuration ${location.file}${ORIGIN_NOTE[location.origin]}`;
}
