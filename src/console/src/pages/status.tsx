// The first page: what an operator checks first (GET /api/status).
import { get } from '../api';
import { Failure } from '../parts/failure';
import { when } from '../parts/format';
import { useLoad } from '../parts/load';
import type { Status } from '../types';

export function StatusPage() {
  const status = useLoad(() => get<Status>('/api/status'));
  const s = status.data;
  return (
    <section>
      <h2>Status</h2>
      <Failure error={status.error} />
      {s && (
        <dl class="facts">
          <dt>Store</dt>
          <dd>
            {s.store.kind}, {s.store.ready ? 'answering' : <strong class="bad">not answering</strong>}
          </dd>
          <dt>Rules</dt>
          <dd>
            {s.rules.loaded} rules from {s.rules.files} files, loaded {when(s.rules.loadedAt)}
          </dd>
          <dt>Clients</dt>
          <dd>{s.clients.map((c) => `${c.name} (${c.kind})`).join(', ') || 'none'}</dd>
          <dt>Registered numbers</dt>
          <dd>{s.registeredNumbers}</dd>
          <dt>Live legs</dt>
          <dd>{s.activeLegs}</dd>
          <dt>API up since</dt>
          <dd>{when(s.startedAt)}</dd>
        </dl>
      )}
    </section>
  );
}
