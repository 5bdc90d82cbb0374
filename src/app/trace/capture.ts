// One watched request's trace as the pipeline's steps add to it: which watchers it matched, and the
// rules' evaluation, traced (firebrick/authorise.ts). Made only while someone watches (tracer.ts).
import { callerSubscriber, type CallContext, type Evaluation } from '../../rules/index.js';
import type { TraceWatcher } from '../../store/index.js';
import { watchersOf, type TraceSubject } from './subject.js';

export class RequestTrace {
  readonly matched = new Set<TraceWatcher>();
  evaluation: Evaluation | undefined;

  constructor(
    private readonly watchers: readonly TraceWatcher[],
    subject: TraceSubject,
  ) {
    for (const w of watchersOf(watchers, subject)) this.matched.add(w);
  }

  /**
   * A call about to be routed: its caller's subscriber (number, user, realm:user) may match more
   * watchers than the request's attributes did. True when the call is watched, so its rules run traced.
   */
  call(ctx: CallContext): boolean {
    const sub = callerSubscriber(ctx.source);
    if (sub) {
      const subject = { numbers: [sub.number, ctx.called, ctx.calling], users: [sub.username, `${sub.realm}:${sub.username}`], firebricks: [] };
      for (const w of watchersOf(this.watchers, subject)) this.matched.add(w);
    }
    return this.matched.size > 0;
  }
}
