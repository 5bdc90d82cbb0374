// `npm run chaos` must not rot: one short, cheap scenario runs end to end and yields its row, a mode
// the configuration does not know is skipped with the server's reason, and bad options are one line.
// The figures themselves are the script's to print, never a test's to assert.
import { describe, expect, it } from 'vitest';
import { parseChaosOptions } from '../../bench/chaos/options.js';
import { chaosReport } from '../../bench/chaos/report.js';
import { refusal, runChaos } from '../../bench/chaos/run.js';

describe('npm run chaos', () => {
  it('runs a single-Redis SIGTERM restart under a low load and reports its row', async () => {
    const parsed = parseChaosOptions(['--scenarios', 'redis-sigterm', '--modes', 'stored', '--seconds', '3', '--rate', '40']);
    if (parsed.kind !== 'run') throw new Error(`options refused: ${JSON.stringify(parsed)}`);
    const lines: string[] = [];
    const reports = await runChaos(parsed.options, (line) => lines.push(line));
    expect(reports).toHaveLength(1);
    const stored = reports[0]!;
    if (!stored.available) throw new Error(`stored refused: ${stored.reason}`);
    expect(stored.rows).toHaveLength(1);
    const row = stored.rows[0]!;
    expect(row.error).toBeUndefined();
    expect(row.tally!.sent).toBeGreaterThan(0);
    expect(row.missing!.accountingAcknowledged + row.missing!.registrationsAccepted).toBeGreaterThan(0);
    expect(lines.some((l) => l.startsWith('stored redis-sigterm: '))).toBe(true);
    expect(chaosReport(reports, parsed.options, 'redis')).toMatch(/^\| redis-sigterm \| Redis SIGTERM/m);
  }, 60_000);

  it('reports a setting the configuration does not know as the server refusing it', async () => {
    expect(await refusal({ accounting: { noSuchSetting: true } })).toMatch(/noSuchSetting/);
    expect(await refusal({})).toBeUndefined();
  }, 60_000);

  it.each([
    [['--rate', '0'], /--rate must be a number above 0/],
    [['--rate', '-3'], /--rate/],
    [['--seconds', 'x'], /--seconds must be a number/],
    [['--scenarios', 'redis-sigterm,moon-landing'], /unknown scenario "moon-landing"/],
    [['--modes', 'paper'], /unknown mode "paper"/],
    [['--frobnicate'], /Unknown option '--frobnicate'/],
  ])('%j is refused in one line', (argv, message) => {
    const parsed = parseChaosOptions(argv);
    expect(parsed.kind).toBe('error');
    if (parsed.kind === 'error') {
      expect(parsed.message).toMatch(message);
      expect(parsed.message).not.toContain('\n');
    }
  });
});
