// The rule dry run (POST /api/rules/dry-run, as `firebridge route`): a made-up call against the served
// rules and live state — the rule that matched, why each earlier one did not, and the reply's
// attributes in the order they are sent.
import { useState } from 'preact/hooks';
import { call } from '../api';
import { Failure } from '../parts/failure';
import { duration } from '../parts/format';
import { Table } from '../parts/table';
import type { DryRun } from '../types';

const FIELDS = [
  ['to', 'To (dialled)', '01632960001'],
  ['from', 'From (CLI)', '201'],
  ['user', 'Subscriber', 'username or realm:username'],
  ['carrier', 'From carrier', 'carrier name'],
] as const;

type Form = Record<(typeof FIELDS)[number][0], string>;

export function DryRunPage() {
  const [form, setForm] = useState<Form>({ to: '', from: '', user: '', carrier: '' });
  const [result, setResult] = useState<DryRun | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);

  const run = async () => {
    const body = Object.fromEntries(Object.entries(form).filter(([, v]) => v.trim() !== '').map(([k, v]) => [k, v.trim()]));
    try {
      setResult(await call<DryRun>('POST', '/api/rules/dry-run', { body }));
      setError(undefined);
    } catch (e) {
      setResult(undefined);
      setError(e);
    }
  };

  return (
    <section>
      <h2>Rule dry run</h2>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        {FIELDS.map(([name, label, placeholder]) => (
          <label key={name}>
            {label} <input name={name} value={form[name]} placeholder={placeholder} required={name === 'to'} onInput={(e) => setForm({ ...form, [name]: e.currentTarget.value })} />
          </label>
        ))}
        <button type="submit">Dry run</button>
      </form>
      <Failure error={error} />
      {result && <Report r={result} />}
    </section>
  );
}

function Report({ r }: { r: DryRun }) {
  return (
    <div class="report">
      <p class="verdict">
        {r.rule ? (
          <>
            Matched rule <strong data-testid="matched-rule">{r.rule.name}</strong> <span class="where">({r.rule.at})</span>
          </>
        ) : (
          <strong data-testid="matched-rule">no rule matched</strong>
        )}
        {r.decision.kind === 'reject' && r.decision.message ? <> — rejected: “{r.decision.message}”</> : null}
      </p>
      <h3>Trace</h3>
      <Table
        label="rule trace"
        rows={r.trace}
        rowKey={(t) => `${t.rule}@${t.at}`}
        empty="The rule set has no rules."
        columns={[
          { title: '', cell: (t) => (t.matched ? <span class="match">MATCH</span> : <span class="skip">skip</span>) },
          { title: 'Rule', cell: (t) => t.rule },
          { title: 'Where', cell: (t) => t.at },
          { title: 'Why', cell: (t) => t.notes.join('; ') || '–' },
        ]}
      />
      <h3>Reply</h3>
      {'error' in r.reply ? (
        <p class="failure">cannot encode the route plan: {r.reply.error}</p>
      ) : (
        <>
          <p>
            <strong data-testid="reply-code">{r.reply.code}</strong>
            {r.cliPolicy ? <> · caller ID policy: {r.cliPolicy}</> : null}
            {r.maxDuration !== null ? <> · duration limit {duration(r.maxDuration)} once answered</> : null}
          </p>
          <Table
            label="reply attributes"
            rows={r.reply.attributes.map((a, i) => ({ i, name: a[0], value: a[1] }))}
            rowKey={(a) => String(a.i)}
            empty="No attributes."
            columns={[
              { title: '#', cell: (a) => a.i + 1, numeric: true },
              { title: 'Attribute', cell: (a) => a.name },
              { title: 'Value', cell: (a) => <code>{a.value}</code> },
            ]}
          />
        </>
      )}
    </div>
  );
}
