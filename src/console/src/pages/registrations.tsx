// Registrations: search by number or subscriber (GET /api/registrations), flush a number's bindings
// after a confirmation (DELETE /api/registrations/:number, operator).
import { useState } from 'preact/hooks';
import { call, get, query } from '../api';
import { Failure, OutcomeLine, outcomeOf, type Outcome } from '../parts/failure';
import { when } from '../parts/format';
import { useLoad } from '../parts/load';
import { Table } from '../parts/table';
import type { Binding } from '../types';

export function RegistrationsPage() {
  const [number, setNumber] = useState('');
  const [subscriber, setSubscriber] = useState('');
  const [search, setSearch] = useState({ number: '', subscriber: '' });
  const [outcome, setOutcome] = useState<Outcome>(undefined);
  const regs = useLoad(() => get<Binding[]>(`/api/registrations${query(search)}`), [search.number, search.subscriber]);

  const flush = async (n: string) => {
    if (!window.confirm(`Remove every registration of ${n}? Its phones are reached again when they next register.`)) return;
    setOutcome(
      await outcomeOf(async () => {
        const { removed } = await call<{ removed: number }>('DELETE', `/api/registrations/${encodeURIComponent(n)}`);
        return `removed ${removed} ${removed === 1 ? 'binding' : 'bindings'} of ${n}`;
      }),
    );
    regs.reload();
  };

  return (
    <section>
      <h2>Registrations</h2>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setSearch({ number: number.trim(), subscriber: subscriber.trim() });
        }}
      >
        <label>
          Number <input name="number" value={number} onInput={(e) => setNumber(e.currentTarget.value)} placeholder="201" />
        </label>
        <label>
          Subscriber <input name="subscriber" value={subscriber} onInput={(e) => setSubscriber(e.currentTarget.value)} placeholder="realm:username" />
        </label>
        <button type="submit">Search</button>
      </form>
      <OutcomeLine outcome={outcome} />
      <Failure error={regs.error} />
      {regs.data && (
        <Table
          label="registrations"
          rows={regs.data}
          rowKey={(b) => b.id}
          empty="No registrations match."
          columns={[
            { title: 'Number', cell: (b) => b.number },
            { title: 'Subscriber', cell: (b) => b.subscriber },
            { title: 'Contact', cell: (b) => b.contact ?? '–' },
            { title: 'Source', cell: (b) => (b.sourceAddress ? `${b.sourceAddress}:${b.sourcePort ?? ''}${b.behindNat ? ' (NAT)' : ''}` : '–') },
            { title: 'User agent', cell: (b) => b.userAgent ?? '–' },
            { title: 'FireBrick', cell: (b) => b.firebrick },
            { title: 'Expires', cell: (b) => when(b.expiresAt) },
            { title: '', cell: (b) => <button class="danger" onClick={() => void flush(b.number)}>Flush {b.number}</button> },
          ]}
        />
      )}
    </section>
  );
}
