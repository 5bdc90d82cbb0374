// The console's pages, in the order of the menu: each is one file in this folder, reached at
// `#/<path>`. A page whose API route a server lacks says "not available on this server" (parts/failure.tsx).
import type { FunctionComponent } from 'preact';
import { AuditPage } from './audit';
import { CallsPage } from './calls';
import { DryRunPage } from './dry-run';
import { GuardsPage } from './guards';
import { RecordsPage } from './records';
import { RegistrationsPage } from './registrations';
import { StatusPage } from './status';
import { SubscribersPage } from './subscribers';
import { TokensPage } from './tokens';
import { TracePage } from './trace';

export interface Page {
  readonly path: string;
  readonly title: string;
  readonly Page: FunctionComponent;
}

export const PAGES: readonly Page[] = [
  { path: 'status', title: 'Status', Page: StatusPage },
  { path: 'registrations', title: 'Registrations', Page: RegistrationsPage },
  { path: 'calls', title: 'Live calls', Page: CallsPage },
  { path: 'records', title: 'Call records', Page: RecordsPage },
  { path: 'dry-run', title: 'Dry run', Page: DryRunPage },
  { path: 'trace', title: 'Live trace', Page: TracePage },
  { path: 'subscribers', title: 'Subscribers', Page: SubscribersPage },
  { path: 'guards', title: 'Lockouts and fraud', Page: GuardsPage },
  { path: 'audit', title: 'Audit log', Page: AuditPage },
  { path: 'tokens', title: 'Tokens', Page: TokensPage },
];

export function pageAt(hash: string): Page {
  const path = hash.replace(/^#\/?/, '').split('?')[0];
  return PAGES.find((p) => p.path === path) ?? PAGES[0]!;
}
