// The audit log (GET /api/audit): who changed what, newest first, with the values before and after
// (only the fields that changed; a password or token shows as "(set)").
import { get } from '../api';
import { Failure } from '../parts/failure';
import { compact, when } from '../parts/format';
import { useLoad } from '../parts/load';
import { Table } from '../parts/table';
import type { AuditEntry } from '../types';

export function AuditPage() {
  const entries = useLoad(() => get<AuditEntry[]>('/api/audit?limit=100'));
  return (
    <section>
      <h2>Audit log</h2>
      <p>
        <button onClick={entries.reload}>Refresh</button>
      </p>
      <Failure error={entries.error} />
      {entries.data && (
        <Table
          label="audit log"
          rows={entries.data}
          rowKey={(e) => e.id}
          empty="Nothing changed yet."
          columns={[
            { title: 'When', cell: (e) => when(e.at) },
            { title: 'Who', cell: (e) => `${e.who.kind}:${e.who.name}` },
            { title: 'Subject', cell: (e) => e.subject },
            { title: 'What', cell: (e) => e.what },
            { title: 'Before', cell: (e) => <code>{compact(e.before)}</code> },
            { title: 'After', cell: (e) => <code>{compact(e.after)}</code> },
          ]}
        />
      )}
    </section>
  );
}
