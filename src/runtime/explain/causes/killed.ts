// docker kill (or docker rm -f): a signal through Docker without a stop request.
import { signalName } from '../../../model/knowledge/signals';
import type { CauseDetector } from './detector';
import { requestEvidence } from './run';

export const killed: CauseDetector = {
  id: 'killed',
  why: 'It was killed through Docker (docker kill, docker rm -f) without a stop request.',
  docs: 'docs/causes/killed.md',
  detect(run) {
    const r = run.request;
    if (run.phase !== 'exited' || !r || r.isStop) return undefined;
    const n = r.firstSignal ?? 0;
    return {
      confidence: 'high',
      summary: `It was killed through Docker with ${signalName(n)} (docker kill${n === 9 ? ' or docker rm -f' : ` -s ${signalName(n).replace(/^SIG/, '')}`}), without a stop request; exit ${run.exit}.`,
      evidence: requestEvidence(run),
      fixes: [
        {
          title: 'Find who sent it',
          detail:
            'Scripts, orchestrators and `docker kill` callers; prefer `docker stop` so the program can shut down cleanly.',
        },
      ],
    };
  },
};
