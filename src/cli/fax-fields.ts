// Moved to src/app/ so the admin API shares them; kept here for the commands' imports, with the one
// part that is the commands' own: which key commander keeps an option under.
import { Option } from 'commander';

export * from '../app/fax-fields.js';

/** The key commander keeps an option's value under (`--failover-mode` → failoverMode). */
export function optionKey(flags: string): string {
  return new Option(flags).attributeName();
}
