// The two guards' standing state: brute-force lockouts (GET /api/lockouts, unlock: DELETE
// /api/lockouts/:scope/:id) and fraud blocks (GET /api/fraud/blocks, clear: DELETE /api/fraud/:subject).
import { useState } from 'preact/hooks';
import { call, get } from '../api';
import { Failure, OutcomeLine, outcomeOf, type Outcome } from '../parts/failure';
import { duration, when } from '../parts/format';
import { useLoad } from '../parts/load';
import { Table } from '../parts/table';
import type { FraudBlock, Lockout } from '../types';

const left = (s: number | null) => (s === null ? 'until cleared' : duration(s));

export function GuardsPage() {
  const lockouts = useLoad(() => get<Lockout[]>('/api/lockouts'));
  const blocks = useLoad(() => get<FraudBlock[]>('/api/fraud/blocks'));
  const [outcome, setOutcome] = useState<Outcome>(undefined);

  const unlock = async (l: Lockout) => {
    setOutcome(await outcomeOf(async () => {
      await call('DELETE', `/api/lockouts/${l.scope}/${encodeURIComponent(l.id)}`);
      return `unlocked ${l.scope} ${l.id}`;
    }));
    lockouts.reload();
  };
  const clear = async (subject: string) => {
    if (!window.confirm(`Forget the fraud counters, warnings and blocks of ${subject}?`)) return;
    setOutcome(await outcomeOf(async () => `cleared ${subject} (${(await call<{ removed: number }>('DELETE', `/api/fraud/${encodeURIComponent(subject)}`)).removed} entries)`));
    blocks.reload();
  };

  return (
    <section>
      <h2>Lockouts and fraud blocks</h2>
      <OutcomeLine outcome={outcome} />
      <h3>Brute-force lockouts</h3>
      <Failure error={lockouts.error} />
      {lockouts.data && (
        <Table
          label="lockouts"
          rows={lockouts.data}
          rowKey={(l) => `${l.scope}:${l.id}`}
          empty="Nobody is locked out."
          columns={[
            { title: 'Scope', cell: (l) => l.scope },
            { title: 'Who', cell: (l) => l.id },
            { title: 'Left', cell: (l) => left(l.remainingSeconds) },
            { title: '', cell: (l) => <button onClick={() => void unlock(l)}>Unlock</button> },
          ]}
        />
      )}
      <h3>Fraud blocks</h3>
      <Failure error={blocks.error} />
      {blocks.data && (
        <Table
          label="fraud blocks"
          rows={blocks.data}
          rowKey={(b) => `${b.subject}/${b.class}`}
          empty="No subject is blocked."
          columns={[
            { title: 'Subject', cell: (b) => b.subject },
            { title: 'Class', cell: (b) => b.class },
            { title: 'Why', cell: (b) => `${b.metric} ${b.value} over ${b.limit}` },
            { title: 'Since', cell: (b) => when(b.since) },
            { title: 'Left', cell: (b) => left(b.remainingSeconds) },
            { title: '', cell: (b) => <button onClick={() => void clear(b.subject)}>Clear</button> },
          ]}
        />
      )}
    </section>
  );
}
