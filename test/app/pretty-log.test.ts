// `log.format: pretty`: one line per log call (message, then the fields as key=value), coloured only
// when the destination is a terminal. The spawned cases run the built logger (dist/) with standard
// output on a pipe, on a file and, through script(1), on a real pseudo-terminal.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/app/logger.js';
import { formatFields, wantsColour } from '../../src/app/pretty-log.js';

const ESC = '\u001b';
const LOGGER = pathToFileURL(fileURLToPath(new URL('../../dist/app/logger.js', import.meta.url))).href;
const dir = mkdtempSync(join(tmpdir(), 'firebridge-pretty-'));

function capture(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      text += chunk.toString('utf8');
      done();
    },
  });
  return { stream, text: () => text };
}

const REQUEST = { client: 'fb1', code: 'Access-Request', user: 'alice', outcome: 'route-accept', latencyMs: 1.2 };

describe('pretty log lines', () => {
  it('one line per call: time, level, message, then the fields as key=value', () => {
    const { stream, text } = capture();
    const log = createLogger('info', 'pretty', stream);
    log.info(REQUEST, 'request');
    log.error({ err: 'connection refused' }, 'cannot store accounting');
    const lines = text().split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d\.\d{3} INFO:  request client=fb1 code=Access-Request user=alice outcome=route-accept latencyMs=1\.2$/);
    expect(lines[1]).toMatch(/^\d\d:\d\d:\d\d\.\d{3} ERROR: cannot store accounting err="connection refused"$/);
    expect(text()).not.toContain(ESC);
  });

  it('values a reader could misread are written as JSON, so a line never breaks', () => {
    expect(formatFields({ reason: 'bad password', empty: '', eq: 'a=b', quote: 'say "hi"', n: 3, ok: true, none: null })).toBe(
      'reason="bad password" empty="" eq="a=b" quote="say \\"hi\\"" n=3 ok=true none=null',
    );
    expect(formatFields({ clients: ['fb1', 'fb2'], drops: { malformed: 2 } })).toBe('clients=["fb1","fb2"] drops={"malformed":2}');
    expect(formatFields({ problems: ['a.yaml:1:1: one\nmore', 'b'], bell: 'x\u0007y' })).toBe('problems=["a.yaml:1:1: one\\nmore","b"] bell="x\\u0007y"');
    const { stream, text } = capture();
    createLogger('info', 'pretty', stream).warn({ problems: ['line one\nline two'] }, 'routing rules refused\nreally');
    expect(text().split('\n')).toHaveLength(2);
  });
});

describe('colour', () => {
  const tty = (hasColors: boolean) => ({ isTTY: true, hasColors: () => hasColors });
  it('only on a terminal, and there as the terminal and NO_COLOR allow', () => {
    expect(wantsColour({}, {})).toBe(false);
    expect(wantsColour({ isTTY: false }, { FORCE_COLOR: '1' })).toBe(false);
    expect(wantsColour(tty(true), {})).toBe(true);
    expect(wantsColour(tty(false), {})).toBe(false);
    expect(wantsColour({ isTTY: true }, {})).toBe(true);
  });

  it('a terminal destination gets coloured lines', () => {
    const { stream, text } = capture();
    Object.assign(stream, tty(true));
    createLogger('info', 'pretty', stream).info(REQUEST, 'request');
    expect(text()).toContain(ESC);
    expect(text().split('\n')).toHaveLength(2);
  });
});

/** A program that logs two lines with the built logger in the format given as its argument. */
const LOGGING_PROGRAM = join(dir, 'log.mjs');
writeFileSync(
  LOGGING_PROGRAM,
  `import { createLogger } from ${JSON.stringify(LOGGER)};\n` +
    `const log = createLogger('info', process.argv[2]);\n` +
    `log.info(${JSON.stringify(REQUEST)}, 'request');\n` +
    `log.warn({ setting: 'clients[0].secret' }, 'secret is short');\n`,
);

/** Runs the logging program with standard output on `stdout` (a pipe or a file). */
function runLogger(format: string, stdout: 'pipe' | number, env: NodeJS.ProcessEnv = {}): string {
  const run = spawnSync(process.execPath, [LOGGING_PROGRAM, format], { env: { ...process.env, ...env }, stdio: ['ignore', stdout, 'pipe'], encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout ?? '';
}

describe('pretty on standard output (dist/)', () => {
  it('to a pipe: no colour even when FORCE_COLOR asks, one line per call', () => {
    const out = runLogger('pretty', 'pipe', { FORCE_COLOR: '1' });
    expect(out).not.toContain(ESC);
    expect(out.trimEnd().split('\n')).toEqual([expect.stringMatching(/ INFO:  request client=fb1 .*latencyMs=1\.2$/), expect.stringMatching(/ WARN:  secret is short setting=clients\[0\]\.secret$/)]);
  });

  it('to a file: no colour, one line per call', () => {
    const file = join(dir, 'out.log');
    const fd = openSync(file, 'w');
    try {
      runLogger('pretty', fd);
    } finally {
      closeSync(fd);
    }
    const out = readFileSync(file, 'utf8');
    expect(out).not.toContain(ESC);
    expect(out.trimEnd().split('\n')).toHaveLength(2);
  });

  it('auto on a pipe is JSON', () => {
    const lines = runLogger('auto', 'pipe').trimEnd().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual(['request', 'secret is short']);
  });

  // script(1) gives the child a real pseudo-terminal; it is part of util-linux.
  const hasScript = spawnSync('script', ['--version']).status === 0;
  const onTerminal = (format: string, env: NodeJS.ProcessEnv = {}): string => {
    const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(LOGGING_PROGRAM)} ${format}`;
    // CI is dropped too: under CI (e.g. CI=true) Node's tty reports 2 colours, so a terminal there is
    // rightly left uncoloured — this test is about a person's terminal.
    const { NO_COLOR: _n, FORCE_COLOR: _f, CI: _ci, ...rest } = process.env;
    const run = spawnSync('script', ['-qec', command, '/dev/null'], { env: { ...rest, TERM: 'xterm-256color', ...env }, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    return run.stdout.replace(/\r\n/g, '\n');
  };

  it.runIf(hasScript)('on a terminal, pretty and auto are coloured single lines; NO_COLOR turns colour off', () => {
    for (const format of ['pretty', 'auto']) {
      const out = onTerminal(format);
      expect(out).toContain(ESC);
      expect(out.trimEnd().split('\n')).toHaveLength(2);
      expect(out).toMatch(/request/);
    }
    const plain = onTerminal('pretty', { NO_COLOR: '1' });
    expect(plain).not.toContain(ESC);
    expect(plain.trimEnd().split('\n')[0]).toMatch(/ INFO:  request client=fb1 /);
  });
});
