// How `firebridge trace` shows an event to a person: one block per request, laid out as
// `firebridge route` shows a dry run (rules as MATCH / skip with why, reply attributes in order).
import type { TraceEvent } from '../app/trace/event.js';

function fieldText(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

export function traceEventText(e: TraceEvent): string {
  const lines: string[] = [];
  const worker = e.worker !== null ? ` worker ${e.worker}` : '';
  lines.push(`${e.at} ${e.code} ${e.id} from ${e.client} (${e.from}) on ${e.instance}${worker} [${e.filter.kind} ${e.filter.value}]`);
  lines.push('  request:');
  for (const [name, value] of e.request) lines.push(`    ${name} = "${value}"`);
  if (e.leg) {
    const { status, sessionId, called, calling, startedAt, sessionTime, terminateCause } = e.leg;
    const times = [startedAt !== undefined ? `started ${new Date(startedAt * 1000).toISOString()}` : '', sessionTime !== undefined ? `${sessionTime} s connected` : '']
      .filter(Boolean)
      .join(', ');
    lines.push(`  leg: ${status} ${sessionId} from ${calling ?? '-'} to ${called ?? '-'}${times ? `, ${times}` : ''}${terminateCause !== undefined ? `, cause ${terminateCause}` : ''}`);
  }
  if (e.rules) {
    lines.push('  rules:');
    for (const t of e.rules) lines.push(`    ${t.matched ? 'MATCH' : 'skip '} ${t.rule} (${t.at})${t.notes.length ? `: ${t.notes.join('; ')}` : ''}`);
    if (!e.rule) lines.push('    no rule matched');
  }
  const fields = Object.entries(e.decision).map(([k, v]) => `${k}=${fieldText(v)}`);
  lines.push(`  decision: ${e.outcome}${fields.length ? ` (${fields.join(', ')})` : ''}`);
  lines.push(`  reply: ${e.reply.code} after ${e.ms} ms`);
  for (const [name, value] of e.reply.attributes) lines.push(`    ${name} = "${value}"`);
  return `${lines.join('\n')}\n\n`;
}
