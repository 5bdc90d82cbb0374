// What the API answers, as the routes' schemas in src/api/routes/ describe it (and /api/openapi.json).

export interface Status {
  store: { kind: 'redis' | 'memory'; ready: boolean };
  rules: { loaded: number; files: number; loadedAt: string | null };
  clients: Array<{ name: string; kind: 'firebrick' | 'faxback' }>;
  registeredNumbers: number;
  activeLegs: number;
  startedAt: string;
}

export interface Binding {
  id: string;
  number: string;
  subscriber: string;
  contact: string | null;
  sourceAddress: string | null;
  sourcePort: number | null;
  behindNat: boolean;
  userAgent: string | null;
  callId: string | null;
  firebrick: string;
  nasIdentifier: string | null;
  registeredAt: string;
  expiresAt: string;
}

export interface Leg {
  sessionId: string;
  callId: string | null;
  firebrick: string;
  calling: string | null;
  called: string | null;
  identities: string[];
  answered: boolean;
  startedAt: string | null;
  maxDurationSeconds: number | null;
  dueAt: string | null;
}

export interface RecordPage {
  total: number;
  offset: number;
  records: Array<Record<string, string>>;
}

export interface GroupStats {
  key: string;
  legs: number;
  answered: number;
  asr: number;
  acdSeconds: number;
}

export interface RecordSummary {
  legs: number;
  perHour: Array<{ hour: string; legs: number; answered: number }>;
  byFirebrick: GroupStats[];
  byPeer: GroupStats[];
  topCalled: Array<{ called: string; legs: number }>;
}

export interface DryRun {
  call: Record<string, unknown>;
  rule: { name: string; at: string } | null;
  trace: Array<{ rule: string; at: string; matched: boolean; notes: string[] }>;
  decision: { kind: string; message?: string } & Record<string, unknown>;
  cliPolicy: string | null;
  reply: { code: string; attributes: Array<[string, string]> } | { error: string };
  maxDuration: number | null;
}

export interface Lockout {
  scope: 'user' | 'source';
  id: string;
  remainingSeconds: number | null;
}

export interface FraudBlock {
  subject: string;
  class: string;
  metric: string;
  value: number;
  limit: number;
  since: string;
  remainingSeconds: number | null;
}

export interface Subscriber {
  username: string;
  realm: string;
  number: string | null;
  cui: string | null;
  enabled: boolean;
  maxCalls: number | null;
  maxRegistrations?: number | null;
  maxDuration?: number | null;
  present?: string[];
  /** The call features set, as `subscriber show` writes them ({}: none). */
  features: Record<string, unknown>;
}

export interface AuditEntry {
  id: string;
  at: string;
  /** A subscriber from its phone, or an operator: a login name (commands) or a token's name (this API). */
  who: { kind: 'subscriber' | 'operator'; name: string };
  subject: string;
  what: string;
  before: unknown;
  after: unknown;
}

/** One request seen by the live trace (GET /api/trace, Server-Sent Events). */
export interface TraceEvent {
  at: string;
  instance: string;
  client: string;
  code: string;
  request: unknown;
  trace: unknown;
  reply: unknown;
  ms: number;
}

export interface Token {
  id: string;
  name: string;
  role: 'read-only' | 'operator' | 'admin';
  createdAt: string;
}
