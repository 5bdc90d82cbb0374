// Hot reload: the serving rule set is swapped atomically for a new one only when the new one is
// complete and valid; otherwise the old one keeps serving and the problems are reported.
import { watch, type FSWatcher } from 'node:fs';
import type { SourceProblem } from '../text/yaml-validation.js';
import type { RuleSet } from './compiled.js';
import { loadRules, type RuleSetCheck } from './load.js';

export interface ReloadReport {
  readonly ok: boolean;
  readonly rules: number;
  readonly problems: readonly SourceProblem[];
}

export class RuleSetHolder {
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;

  private constructor(
    private readonly dir: string,
    private set: RuleSet,
    private readonly onReload: (report: ReloadReport) => void,
    private check: RuleSetCheck | undefined,
  ) {}

  /**
   * Loads the directory; an invalid set at start is an error (nothing would serve). `check` is run
   * on every set before it may serve (the clients it must fit).
   */
  static open(
    dir: string,
    onReload: (report: ReloadReport) => void = () => {},
    check?: RuleSetCheck,
  ): { ok: true; holder: RuleSetHolder } | { ok: false; problems: readonly SourceProblem[] } {
    const first = loadRules(dir, check);
    if (!first.ok) return { ok: false, problems: first.problems };
    return { ok: true, holder: new RuleSetHolder(dir, first.ruleSet, onReload, check) };
  }

  get current(): RuleSet {
    return this.set;
  }

  /**
   * Re-reads the directory. A new `check` (SIGHUP re-read the client table) replaces the old one even
   * when this set is refused: later reloads on file change must fit the clients now served.
   */
  reload(check?: RuleSetCheck): ReloadReport {
    if (check) this.check = check;
    const next = loadRules(this.dir, this.check);
    const report: ReloadReport = next.ok
      ? { ok: true, rules: next.ruleSet.rules.length, problems: [] }
      : { ok: false, rules: this.set.rules.length, problems: next.problems };
    if (next.ok) this.set = next.ruleSet;
    this.onReload(report);
    return report;
  }

  /** Reloads shortly after files change (editors write in several steps). */
  watch(debounceMs = 250): void {
    if (this.watcher) return;
    this.watcher = watch(this.dir, { persistent: false }, () => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.reload(), debounceMs);
    });
    this.watcher.on('error', () => this.unwatch());
  }

  unwatch(): void {
    clearTimeout(this.timer);
    this.watcher?.close();
    this.watcher = undefined;
  }
}
