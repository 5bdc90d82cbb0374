// The test run's external tools, looked up, installed and decided once (global-setup.ts calls this;
// the table and the decision are in tools.ts, running apt-get in apt-get.ts).
import { aptGet } from './apt-get.js';
import { decideTool, findOnPath, isCi, TOOLS, type ExternalTool, type ToolCommand, type ToolSituation } from './tools.js';

export interface PreparedTools {
  readonly available: ToolCommand[];
  readonly skips: string[];
  readonly failures: string[];
}

/**
 * Looks every tool up on `env.PATH`, installs the missing ones with the apt-get found there when
 * `root`, and decides the rest. Lines for the operator go to `say` as they happen (installs, waits).
 */
export async function prepareTools(env: NodeJS.ProcessEnv, root: boolean, say: (line: string) => void): Promise<PreparedTools> {
  const aptGetPath = findOnPath('apt-get', env.PATH);
  const situation = (tool: ExternalTool, installer: ToolSituation['installer']): ToolSituation => ({
    found: findOnPath(tool.command, env.PATH) !== undefined,
    installer,
    ci: isCi(env),
    root,
  });
  const installer: ToolSituation['installer'] = !root
    ? { canInstall: false, reason: 'not running as root, so the tests did not install it' }
    : !aptGetPath
      ? { canInstall: false, reason: 'no apt-get on PATH to install it with' }
      : { canInstall: true };

  const first = TOOLS.map((tool) => ({ tool, verdict: decideTool(tool, situation(tool, installer)) }));
  const toInstall = first.filter((d) => d.verdict.kind === 'install');
  const installErrors = new Map<string, string>();
  if (toInstall.length && aptGetPath) {
    for (const { verdict } of toInstall) if (verdict.kind === 'install') say(verdict.line);
    const update = await aptGet(aptGetPath, ['update'], say);
    // With the lock still held after the wait, each install would wait as long again and fail the same way.
    let lockError = update.lockHeld ? update.error : undefined;
    for (const { tool } of toInstall) {
      if (lockError) {
        installErrors.set(tool.command, lockError);
        continue;
      }
      const install = await aptGet(aptGetPath, ['install', '-y', tool.debianPackage], say);
      if (install.ok) continue;
      installErrors.set(tool.command, update.ok ? install.error! : `${install.error!}; before it, ${update.error!}`);
      if (install.lockHeld) lockError = install.error;
    }
  }

  // Installed or not, decide again: now the only way to install is gone, and the reason is what happened.
  const final = first.map(({ tool, verdict }) => {
    if (verdict.kind !== 'install') return verdict;
    const reason = installErrors.get(tool.command) ?? `apt-get installed ${tool.debianPackage} but ${tool.command} is still not on PATH`;
    return decideTool(tool, situation(tool, { canInstall: false, reason }));
  });
  return {
    available: TOOLS.filter((_, i) => final[i]!.kind === 'available').map((t) => t.command),
    skips: final.flatMap((v) => (v.kind === 'skip' ? [v.line] : [])),
    failures: final.flatMap((v) => (v.kind === 'fail' ? [v.line] : [])),
  };
}
