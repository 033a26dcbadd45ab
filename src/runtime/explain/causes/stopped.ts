// docker stop that worked: PID 1 exited on the stop signal within the grace period.
// OOMKilled may still read true: a child was OOM-killed earlier and PID 1 lived on.
import { signalName } from '../../../model/knowledge/signals';
import type { CauseDetector } from './detector';
import type { Finding } from './detector';
import { requestEvidence, type ExitRun } from './run';
import { fixFor, ms, secs } from './shared';

/** Kubernetes: the pod was deleted and the container exited within its grace period. */
function podDeletion(run: ExitRun): Finding | undefined {
  const d = run.deletion;
  if (!d?.endedAfterRequest || (d.atDeadline && run.exit === 137)) return undefined;
  const e = run.evidence;
  const took = Date.parse(e.state.finishedAt) - d.requestedAt;
  return {
    confidence: 'high',
    summary: `The pod was deleted and PID 1 exited in time, about ${secs(Math.max(0, took))} into its ${d.graceSeconds} s grace period, with ${run.exit}.`,
    evidence: [
      ...run.base,
      {
        source: 'kubernetes',
        detail: `deletionTimestamp ${e.kubernetes?.deletion?.at} with a ${d.graceSeconds} s grace period; it finished at ${e.state.finishedAt}`,
      },
    ],
    fixes: [
      {
        title: 'Nothing to fix in the container',
        detail:
          'Something deleted the pod (a rollout, kubectl delete, a scale-down, a node drain). Check who, if it was unexpected.',
      },
    ],
  };
}

export const stopped: CauseDetector = {
  id: 'stopped',
  why: 'A stop was requested through Docker and PID 1 exited in time.',
  docs: 'docs/causes/stopped.md',
  detect(run) {
    if (run.phase === 'exited' && run.deletion) return podDeletion(run);
    const r = run.request;
    if (run.phase !== 'exited' || !r?.isStop) return undefined;
    if (r.kill9 && run.exit === 137) return undefined; // the grace period ran out: stop-timeout
    const e = run.evidence;
    const took = run.die ? ms(run.die.time) - ms(r.first.time) : undefined;
    return {
      confidence: 'high',
      summary: `A stop was requested (${signalName(r.firstSignal ?? 15)}) and PID 1 exited in time${
        took !== undefined ? `, ${secs(took)} later` : ''
      }, with ${run.exit}${
        e.state.oomKilled
          ? `; OOMKilled reads true only because a child process was OOM-killed${run.oomAt ? ` at ${run.oomAt}` : ''} while PID 1 lived on`
          : ''
      }.`,
      evidence: requestEvidence(run),
      fixes: e.state.oomKilled
        ? [fixFor.memoryLimit(e)]
        : [
            {
              title: 'Nothing to fix in the container',
              detail:
                'Someone or something asked Docker to stop it (docker stop, compose down, an orchestrator, a deploy script). Check who, if it was unexpected.',
            },
          ],
    };
  },
};
