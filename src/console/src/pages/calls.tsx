// Live calls (GET /api/calls, refreshed every few seconds) and hanging one up (POST
// /api/calls/:sessionId/hangup, operator): the outcome is the FireBrick's answer and whether its Stop came.
import { useState } from 'preact/hooks';
import { call, get } from '../api';
import { Failure, OutcomeLine, outcomeOf, type Outcome } from '../parts/failure';
import { when } from '../parts/format';
import { useEvery, useLoad } from '../parts/load';
import { Table } from '../parts/table';
import type { Leg } from '../types';

export function CallsPage() {
  const legs = useLoad(() => get<Leg[]>('/api/calls'));
  const [outcome, setOutcome] = useState<Outcome>(undefined);
  const [busy, setBusy] = useState<string | undefined>(undefined);
  useEvery(5000, legs.reload);

  const hangUp = async (id: string) => {
    setBusy(id);
    setOutcome(await outcomeOf(async () => (await call<{ message: string }>('POST', `/api/calls/${encodeURIComponent(id)}/hangup`, { body: { waitSeconds: 10 } })).message));
    setBusy(undefined);
    legs.reload();
  };

  return (
    <section>
      <h2>Live calls</h2>
      <OutcomeLine outcome={outcome} />
      <Failure error={legs.error} />
      {legs.data && (
        <Table
          label="live calls"
          rows={legs.data}
          rowKey={(l) => l.sessionId}
          empty="No calls in progress."
          columns={[
            { title: 'Session', cell: (l) => l.sessionId },
            { title: 'From', cell: (l) => l.calling ?? '–' },
            { title: 'To', cell: (l) => l.called ?? '–' },
            { title: 'FireBrick', cell: (l) => l.firebrick },
            { title: 'State', cell: (l) => (l.answered ? 'answered' : 'ringing') },
            { title: 'Since', cell: (l) => when(l.startedAt) },
            { title: 'Cut at', cell: (l) => when(l.dueAt) },
            {
              title: '',
              cell: (l) => (
                <button class="danger" disabled={busy !== undefined} onClick={() => void hangUp(l.sessionId)}>
                  {busy === l.sessionId ? 'Hanging up…' : 'Hang up'}
                </button>
              ),
            },
          ]}
        />
      )}
    </section>
  );
}
