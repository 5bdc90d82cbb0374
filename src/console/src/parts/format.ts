// How times and durations read on the console: local time to the second, durations in words.

export function when(iso: string | null | undefined): string {
  if (!iso) return '–';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, { hour12: false });
}

/** A record's `ended_at` (Unix seconds) as local time. */
export function fromUnix(seconds: string | undefined): string {
  const s = Number(seconds);
  return Number.isFinite(s) && s > 0 ? when(new Date(s * 1000).toISOString()) : '–';
}

export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '–';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

export const percent = (ratio: number): string => `${Math.round(ratio * 100)} %`;

/** A value of any shape as one short line (audit before/after, trace requests). */
export function compact(value: unknown): string {
  if (value === null || value === undefined) return '–';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
