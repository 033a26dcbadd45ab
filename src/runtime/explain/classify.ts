// The pure classifier: evidence → one cause, with the evidence that decided it, a
// timeline and fixes. Exit code 137 alone can mean five things; the events (kill with
// signal, oom, die, stop), their timing, the sticky OOMKilled flag, the daemon's own
// start time and the log tail tell them apart. Each cause is a detector in ./causes,
// tried in the registry's order.
import { logHints } from './hints';
import { detect, exitRun, type ExitRun, type Verdict } from './causes';
import { eventText, isZero, ms } from './causes/shared';
import type { ExplainEvidence, Explanation } from './types';

export { signalName, signalNumber } from '../../model/knowledge/signals';

function timeline(e: ExplainEvidence): { time: string; event: string }[] {
  const stopSignal = e.config.stopSignal ?? e.image?.stopSignal ?? 'SIGTERM';
  const out: { time: string; event: string; order: number }[] = [];
  const push = (time: string | undefined, event: string) => {
    if (time && !isZero(time)) out.push({ time, event, order: Date.parse(time) });
  };
  push(e.container.created, 'created');
  push(e.state.startedAt, 'latest run started (State.StartedAt)');
  for (const ev of e.events.items)
    if (ev.action !== 'create') push(ev.time, eventText(ev, stopSignal));
  for (const l of e.kernel.oomLines)
    push(l.time, `kernel: ${l.text.length > 160 ? `${l.text.slice(0, 160)}…` : l.text}`);
  if (!e.state.running || e.state.restarting)
    push(e.state.finishedAt, `latest run finished with ${e.state.exitCode} (State.FinishedAt)`);
  if (e.engine.daemonStartedAt && ms(e.engine.daemonStartedAt) > ms(e.container.created))
    push(e.engine.daemonStartedAt, 'dockerd (re)started');
  return out.sort((a, b) => a.order - b.order).map(({ time, event }) => ({ time, event }));
}

/** What holds whatever the cause: missing events, restarts, runtime sizing, collection gaps. */
function annotate(v: Verdict, run: ExitRun): void {
  const e = run.evidence;
  if (
    run.phase === 'exited' &&
    e.events.given !== false && // captured evidence without events says so in its gaps
    !run.hasStart &&
    !e.events.items.some((ev) => ev.action === 'die') &&
    v.cause !== 'daemon-restart'
  )
    v.evidence.push({
      source: 'events',
      detail:
        'no events of this run: the daemon keeps only its most recent events in memory (about 256 on Engine 20.10, see docs/causes/README.md) and none across a restart, so a stop, kill or oom cannot be ruled out from events',
    });
  if (e.state.restarting || (e.restartCount > 0 && v.cause !== 'running'))
    v.evidence.push({
      source: 'state',
      detail: `restart policy ${e.restartPolicy.name}, RestartCount ${e.restartCount}${
        e.state.restarting ? ': it is crash-looping' : ''
      }; the state describes the latest run only`,
    });
  if (e.config.env && Object.keys(e.config.env).length)
    v.evidence.push({
      source: 'config',
      detail: Object.entries(e.config.env)
        .map(([k, val]) => `${k}=${val}`)
        .join(' '),
    });
  for (const g of e.gaps) v.evidence.push({ source: 'gaps', detail: g });
  if (e.gaps.some((g) => g.startsWith('the events')) && v.confidence === 'high')
    v.confidence = 'medium';
}

/** Evidence → explanation. Pure and deterministic. */
export function classify(e: ExplainEvidence): Explanation {
  const run = exitRun(e, logHints(e));
  const v = detect(run);
  annotate(v, run);
  return {
    container: { id: e.container.id, name: e.container.name, image: e.container.image },
    cause: v.cause,
    confidence: v.confidence,
    summary: v.summary,
    exitCode: e.state.exitCode,
    restartCount: e.restartCount,
    evidence: v.evidence,
    timeline: timeline(e),
    fixes: v.fixes,
  };
}
