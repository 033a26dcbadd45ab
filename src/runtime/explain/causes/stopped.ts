// docker stop that worked: PID 1 exited on the stop signal within the grace period.
// OOMKilled may still read true: a child was OOM-killed earlier and PID 1 lived on.
import { signalName } from '../../../model/knowledge/signals';
import type { CauseDetector } from './detector';
import { requestEvidence } from './run';
import { fixFor, ms, secs } from './shared';

export const stopped: CauseDetector = {
  id: 'stopped',
  why: 'A stop was requested through Docker and PID 1 exited in time.',
  docs: 'docs/causes/stopped.md',
  detect(run) {
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
