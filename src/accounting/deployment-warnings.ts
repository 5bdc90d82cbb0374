// What the Redis in use cannot promise for the accounting durability chosen (issue 15 item 8),
// checked at start. Pure: facts in (store/replication.ts), warning sentences out.
import { plural } from '../text/plural.js';
import type { PersistenceFacts } from '../store/index.js';

export interface DurabilityChoice {
  readonly durability: 'stored' | 'replicated';
  readonly replicas: number;
  readonly journal: boolean;
}

export function deploymentWarnings(masters: readonly PersistenceFacts[], choice: DurabilityChoice): string[] {
  const warnings: string[] = [];
  for (const m of masters) {
    if (!m.aofEnabled) {
      warnings.push(
        `Redis ${m.node} has no append-only file (appendonly no): a Redis crash loses the call records and registrations ` +
          `acknowledged since its last snapshot; set appendonly yes`,
      );
    } else if (m.appendfsync === 'no') {
      warnings.push(`Redis ${m.node} has appendfsync no: the kernel decides when acknowledged records reach its disk; use everysec or always`);
    }
    if (choice.durability === 'replicated' && m.connectedReplicas < choice.replicas) {
      warnings.push(
        `accounting.durability is replicated with ${plural(choice.replicas, 'replica')}, but Redis ${m.node} ` +
          `has ${m.connectedReplicas} connected: ` +
          (choice.journal ? 'every accounting record will go to the journal until enough replicas connect' : 'no accounting will be acknowledged until enough replicas connect'),
      );
    }
  }
  return warnings;
}
