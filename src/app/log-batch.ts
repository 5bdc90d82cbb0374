// Batches JSON log lines into writes of at most PIPE_BUF octets.
//
// Why not sonic-boom's own `minLength`: it appends each line to one growing string and measures that
// string's UTF-8 length on every write, which flattens it: ~4 KiB copied and thrown away per line, and
// a log line cost as much as the rest of a Status-Server reply (bench/, profile and A/B). Here each line
// is measured once and joined once per batch; sonic-boom still owns the file descriptor (partial writes,
// EAGAIN, flush on exit).
//
// Why PIPE_BUF: `--workers` processes share one standard output; a write of at most PIPE_BUF (4096 on
// Linux) to a pipe is atomic (POSIX write(2)), so lines from different workers never interleave.
import type { DestinationStream } from 'pino';

export const PIPE_BUF = 4096;

export interface LineSink {
  write(text: string): unknown;
}

export class LogBatch implements DestinationStream {
  private lines: string[] = [];
  private bytes = 0;

  constructor(
    private readonly sink: LineSink,
    private readonly maxBytes = PIPE_BUF,
  ) {}

  write(line: string): void {
    const size = Buffer.byteLength(line);
    if (this.bytes + size > this.maxBytes) this.flush();
    this.lines.push(line);
    this.bytes += size;
    if (this.bytes >= this.maxBytes) this.flush();
  }

  /** Hands what is batched to the sink: a timer calls this, exit, and pino's `logger.flush()`. */
  flush(done?: (err?: Error) => void): void {
    if (this.lines.length > 0) {
      const text = this.lines.length === 1 ? this.lines[0]! : this.lines.join('');
      this.lines = [];
      this.bytes = 0;
      this.sink.write(text);
    }
    done?.();
  }
}
