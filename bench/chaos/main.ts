// `npm run chaos`: fault figures (see run.ts). Bad options end with one line and exit 2; Ctrl-C
// and failures end every process the run started.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { HELP, parseChaosOptions } from './options.js';
import { cleanUp, killAllNow } from './processes.js';
import { chaosReport } from './report.js';
import { runChaos } from './run.js';

const parsed = parseChaosOptions(process.argv.slice(2));
if (parsed.kind === 'error') {
  console.error(`npm run chaos: ${parsed.message} (npm run chaos -- --help)`);
  process.exit(2);
}
if (parsed.kind === 'help') {
  console.log(HELP);
  process.exit(0);
}
const options = parsed.options;

process.on('exit', killAllNow);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(sig, () => {
    console.error(`\nnpm run chaos: ${sig}, ending every process it started`);
    void cleanUp().finally(() => process.exit(130));
  });
}

function redisVersion(): string {
  try {
    return execFileSync('redis-server', ['--version'], { encoding: 'utf8' }).trim().split(' ').slice(0, 3).join(' ');
  } catch {
    return 'redis-server not found';
  }
}

try {
  const reports = await runChaos(options, (line) => console.log(line));
  const report = chaosReport(reports, options, redisVersion());
  writeFileSync(options.out, report);
  console.log(`\n${report}\nwritten to ${options.out}`);
  // Every process is ended; a client socket or timer still settling must not keep the run alive.
  await cleanUp();
  process.exit(0);
} catch (err) {
  console.error(`npm run chaos: ${(err as Error).message.split('\n')[0]}`);
  await cleanUp();
  process.exit(1);
}
