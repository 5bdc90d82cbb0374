// API tokens (admin): list, create (the token is shown once), revoke — as `firebridge token add|list|revoke`.
import { useState } from 'preact/hooks';
import { call, get } from '../api';
import { Failure, OutcomeLine, outcomeOf, type Outcome } from '../parts/failure';
import { when } from '../parts/format';
import { useLoad } from '../parts/load';
import { Table } from '../parts/table';
import type { Token } from '../types';

const ROLES = ['read-only', 'operator', 'admin'] as const;

export function TokensPage() {
  const tokens = useLoad(() => get<Token[]>('/api/tokens'));
  const [name, setName] = useState('');
  const [role, setRole] = useState<Token['role']>('read-only');
  const [outcome, setOutcome] = useState<Outcome>(undefined);

  const add = async () => {
    setOutcome(await outcomeOf(async () => {
      const made = await call<Token & { token: string }>('POST', '/api/tokens', { body: { name: name.trim(), role } });
      return `token for ${made.name} (${made.role}), shown this once: ${made.token}`;
    }));
    tokens.reload();
  };
  const revoke = async (t: Token) => {
    if (!window.confirm(`Revoke the token ${t.name}? Whoever uses it is refused from now on.`)) return;
    setOutcome(await outcomeOf(async () => {
      await call('DELETE', `/api/tokens/${encodeURIComponent(t.id)}`);
      return `revoked ${t.name}`;
    }));
    tokens.reload();
  };

  return (
    <section>
      <h2>API tokens</h2>
      <Failure error={tokens.error} />
      {tokens.data && (
        <Table
          label="tokens"
          rows={tokens.data}
          rowKey={(t) => t.id}
          empty="No tokens."
          columns={[
            { title: 'Name', cell: (t) => t.name },
            { title: 'Role', cell: (t) => t.role },
            { title: 'Id', cell: (t) => <code>{t.id}</code> },
            { title: 'Created', cell: (t) => when(t.createdAt) },
            { title: '', cell: (t) => <button class="danger" onClick={() => void revoke(t)}>Revoke</button> },
          ]}
        />
      )}
      {tokens.data && (
        <form
          class="filters"
          onSubmit={(e) => {
            e.preventDefault();
            void add();
          }}
        >
          <label>
            Name <input name="name" value={name} required maxLength={64} onInput={(e) => setName(e.currentTarget.value)} />
          </label>
          <label>
            Role{' '}
            <select name="role" value={role} onChange={(e) => setRole(e.currentTarget.value as Token['role'])}>
              {ROLES.map((r) => (
                <option key={r}>{r}</option>
              ))}
            </select>
          </label>
          <button type="submit">Create token</button>
        </form>
      )}
      <OutcomeLine outcome={outcome} />
    </section>
  );
}
