// Call records: filtered and paged (GET /api/records), downloaded whole as CSV (format=csv), and the
// charts of GET /api/records/summary — legs per hour, ASR and ACD per FireBrick and per peer, the
// most dialled numbers (README → Console and API → Web console).
import { useState } from 'preact/hooks';
import { get, query, request } from '../api';
import { CategoryBars, HourBars } from '../parts/chart';
import { Failure } from '../parts/failure';
import { duration, fromUnix, percent } from '../parts/format';
import { useLoad } from '../parts/load';
import { Table } from '../parts/table';
import type { GroupStats, RecordPage, RecordSummary } from '../types';

const PAGE = 50;

interface Filter {
  since: string;
  until: string;
  number: string;
  firebrick: string;
}

export function RecordsPage() {
  const [form, setForm] = useState<Filter>({ since: '24h', until: '', number: '', firebrick: '' });
  const [filter, setFilter] = useState<Filter>(form);
  const [offset, setOffset] = useState(0);
  const [downloadError, setDownloadError] = useState<unknown>(undefined);
  const key = JSON.stringify(filter);
  const page = useLoad(() => get<RecordPage>(`/api/records${query({ ...filter, limit: PAGE, offset })}`), [key, offset]);
  const summary = useLoad(() => get<RecordSummary>(`/api/records/summary${query({ ...filter })}`), [key]);

  // A link cannot carry the bearer token: the CSV is fetched with it and handed to the browser as a file.
  const download = async () => {
    setDownloadError(undefined);
    try {
      const res = await request('GET', `/api/records${query({ ...filter, format: 'csv' })}`);
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = 'firebridge-records.csv';
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      setDownloadError(e);
    }
  };
  const field = (name: keyof Filter, label: string, placeholder: string) => (
    <label>
      {label} <input name={name} value={form[name]} placeholder={placeholder} onInput={(e) => setForm({ ...form, [name]: e.currentTarget.value })} />
    </label>
  );

  return (
    <section>
      <h2>Call records</h2>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setOffset(0);
          setFilter({ ...form });
        }}
      >
        {field('since', 'Since', '24h, 7d or 2026-11-22T09:00')}
        {field('until', 'Until', 'now')}
        {field('number', 'Number', 'called or calling')}
        {field('firebrick', 'FireBrick', 'any')}
        <button type="submit">Show</button>
        <a
          href="#/records"
          class="button"
          onClick={(e) => {
            e.preventDefault();
            void download();
          }}
        >
          Download CSV
        </a>
      </form>
      <Failure error={downloadError} />
      <Failure error={summary.error} />
      {summary.data && <Charts s={summary.data} />}
      <h3>Records</h3>
      <Failure error={page.error} />
      {page.data && (
        <>
          <Table
            label="call records"
            rows={page.data.records}
            rowKey={(r) => r.id ?? ''}
            empty="No records match."
            columns={[
              { title: 'Ended', cell: (r) => fromUnix(r.ended_at) },
              { title: 'From', cell: (r) => r.calling || '–' },
              { title: 'To', cell: (r) => r.called || '–' },
              { title: 'FireBrick', cell: (r) => r.firebrick || '–' },
              { title: 'Peer', cell: (r) => r.peer || '–' },
              { title: 'Answered', cell: (r) => (r.answered === '1' ? 'yes' : 'no') },
              { title: 'Talk', cell: (r) => duration(Number(r.connected_seconds) || 0), numeric: true },
              { title: 'Cause', cell: (r) => r.terminate_cause || '–' },
            ]}
          />
          <p class="pager">
            <button disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
              Earlier
            </button>
            <span>
              {page.data.total === 0 ? 0 : offset + 1}–{Math.min(offset + PAGE, page.data.total)} of {page.data.total}
            </span>
            <button disabled={offset + PAGE >= page.data.total} onClick={() => setOffset(offset + PAGE)}>
              Later
            </button>
          </p>
        </>
      )}
    </section>
  );
}

function GroupCharts({ what, groups }: { what: string; groups: readonly GroupStats[] }) {
  if (groups.length === 0) return null;
  const keys = groups.map((g) => g.key);
  return (
    <>
      <CategoryBars title={`ASR per ${what}`} unit="%" categories={keys} series={[{ label: 'ASR %', values: groups.map((g) => Math.round(g.asr * 100)) }]} />
      <CategoryBars title={`ACD per ${what}`} unit="seconds" categories={keys} series={[{ label: 'ACD s', values: groups.map((g) => Math.round(g.acdSeconds)) }]} />
      <Table
        label={`per ${what}`}
        rows={groups}
        rowKey={(g) => g.key}
        empty=""
        columns={[
          { title: what, cell: (g) => g.key },
          { title: 'Legs', cell: (g) => g.legs, numeric: true },
          { title: 'Answered', cell: (g) => g.answered, numeric: true },
          { title: 'ASR', cell: (g) => percent(g.asr), numeric: true },
          { title: 'ACD', cell: (g) => duration(g.acdSeconds), numeric: true },
        ]}
      />
    </>
  );
}

function Charts({ s }: { s: RecordSummary }) {
  if (s.legs === 0) return <p class="empty">No records in this period to chart.</p>;
  return (
    <div class="charts">
      <HourBars
        title="Legs per hour"
        hours={s.perHour.map((h) => h.hour)}
        series={[
          { label: 'legs', values: s.perHour.map((h) => h.legs) },
          { label: 'answered', values: s.perHour.map((h) => h.answered) },
        ]}
      />
      <CategoryBars title="Top destinations" unit="legs" categories={s.topCalled.map((t) => t.called)} series={[{ label: 'legs', values: s.topCalled.map((t) => t.legs) }]} />
      <GroupCharts what="FireBrick" groups={s.byFirebrick} />
      <GroupCharts what="peer" groups={s.byPeer} />
    </div>
  );
}
