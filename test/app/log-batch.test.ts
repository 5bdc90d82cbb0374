// Log lines are batched into writes of at most PIPE_BUF octets (atomic on a pipe shared by --workers
// processes), in order, each line whole.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LogBatch, PIPE_BUF } from '../../src/app/log-batch.js';

function sinkOf(): { writes: string[]; write(text: string): void } {
  const writes: string[] = [];
  return { writes, write: (text: string) => void writes.push(text) };
}

describe('LogBatch', () => {
  it('keeps every line whole and in order, each write at most PIPE_BUF octets unless one line is larger', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme', maxLength: 700 }).map((s) => `{"msg":"${s}"}\n`), { maxLength: 60 }), (lines) => {
        const sink = sinkOf();
        const batch = new LogBatch(sink);
        for (const l of lines) batch.write(l);
        batch.flush();
        expect(sink.writes.join('')).toBe(lines.join(''));
        for (const w of sink.writes) {
          const bytes = Buffer.byteLength(w);
          // A write is either within PIPE_BUF or one oversized line on its own.
          expect(bytes <= PIPE_BUF || lines.includes(w)).toBe(true);
          expect(w.endsWith('\n')).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('counts octets, not characters: multi-byte lines close a batch earlier', () => {
    const sink = sinkOf();
    const batch = new LogBatch(sink);
    const line = `${'é'.repeat(999)}\n`; // 1,999 octets, 1,000 characters
    batch.write(line);
    batch.write(line);
    batch.write(line); // would make 5,997 octets: the first two go out first
    expect(sink.writes).toEqual([line + line]);
    batch.flush();
    expect(sink.writes).toEqual([line + line, line]);
  });

  it('writes nothing until full or flushed, and calls back from flush', () => {
    const sink = sinkOf();
    const batch = new LogBatch(sink);
    batch.write('{"a":1}\n');
    expect(sink.writes).toEqual([]);
    let called = false;
    batch.flush(() => (called = true));
    expect(called).toBe(true);
    expect(sink.writes).toEqual(['{"a":1}\n']);
    batch.flush();
    expect(sink.writes).toHaveLength(1);
  });
});
