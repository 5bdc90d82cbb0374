// Subscribers (GET /api/subscribers) with their features, and CSV import (POST
// /api/subscribers/import, operator): the file is validated whole; a refusal lists each row's problem
// and nothing is written (README → Subscribers lists the columns).
import { useState } from 'preact/hooks';
import { call, get } from '../api';
import { Failure, OutcomeLine, outcomeOf, type Outcome } from '../parts/failure';
import { compact, duration } from '../parts/format';
import { useLoad } from '../parts/load';
import { Table } from '../parts/table';
import type { Subscriber } from '../types';

/** The list's feature summary, one `name: value` a feature: "forward: 202; simRing: tel:203, tel:204". */
function featureText(features: Subscriber['features']): string {
  return Object.entries(features ?? {}).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : compact(v)}`).join('; ') || '–';
}

const EXAMPLE = 'username,password,number,max_calls\nalice,s3cret,201,2\n';

export function SubscribersPage() {
  const subs = useLoad(() => get<Subscriber[]>('/api/subscribers'));
  const [text, setText] = useState('');
  const [outcome, setOutcome] = useState<Outcome>(undefined);

  const importCsv = async () => {
    setOutcome(await outcomeOf(async () => {
      const r = await call<{ imported: number }>('POST', '/api/subscribers/import', { raw: { text, type: 'text/csv' } });
      return `imported ${r.imported} subscriber${r.imported === 1 ? '' : 's'}`;
    }));
    subs.reload();
  };

  return (
    <section>
      <h2>Subscribers</h2>
      <Failure error={subs.error} />
      {subs.data && (
        <Table
          label="subscribers"
          rows={subs.data}
          rowKey={(s) => `${s.realm}:${s.username}`}
          empty="No subscribers."
          columns={[
            { title: 'Username', cell: (s) => s.username },
            { title: 'Realm', cell: (s) => s.realm },
            { title: 'Number', cell: (s) => s.number ?? '–' },
            { title: 'CUI', cell: (s) => s.cui ?? '–' },
            { title: 'Enabled', cell: (s) => (s.enabled ? 'yes' : <strong class="bad">no</strong>) },
            { title: 'Max calls', cell: (s) => s.maxCalls ?? '–', numeric: true },
            { title: 'Max duration', cell: (s) => (s.maxDuration ? duration(s.maxDuration) : '–') },
            { title: 'Presents', cell: (s) => s.present?.join(', ') || '–' },
            { title: 'Features', cell: (s) => featureText(s.features) },
          ]}
        />
      )}
      <h3>Import from CSV</h3>
      <p class="hint">
        A header row, then one subscriber a row; all or nothing. Columns as for <code>firebridge subscriber import</code>, e.g. <code>{EXAMPLE.split('\n')[0]}</code>.
      </p>
      <form
        class="import"
        onSubmit={(e) => {
          e.preventDefault();
          void importCsv();
        }}
      >
        <label>
          CSV file{' '}
          <input
            type="file"
            name="file"
            accept=".csv,text/csv"
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              if (file) void file.text().then(setText);
            }}
          />
        </label>
        <textarea name="csv" rows={8} value={text} placeholder={EXAMPLE} onInput={(e) => setText(e.currentTarget.value)} />
        <button type="submit" disabled={text.trim() === ''}>
          Import
        </button>
      </form>
      <OutcomeLine outcome={outcome} />
    </section>
  );
}
