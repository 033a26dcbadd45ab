// docker stop whose grace period ran out: the stop signal, nothing, then SIGKILL (137).
// The usual reason is a PID 1 without a SIGTERM handler (the kernel drops the signal).
import { signalName } from '../../../model/knowledge/signals';
import type { CauseDetector } from './detector';
import type { Finding } from './detector';
import { requestEvidence, type ExitRun } from './run';
import { fixFor, ms, pid1Text, secs } from './shared';

/** Kubernetes: the pod was deleted and the container was still there when the grace period ended. */
function podDeletion(run: ExitRun): Finding | undefined {
  const d = run.deletion;
  if (!d?.endedAfterRequest || !d.atDeadline || run.exit !== 137) return undefined;
  const e = run.evidence;
  return {
    confidence: 'high',
    summary: `The pod was deleted; PID 1 (\`${pid1Text(e) || e.container.name}\`) ignored SIGTERM for the whole ${d.graceSeconds} s grace period and the kubelet SIGKILLed it (exit 137).`,
    evidence: [
      ...run.base,
      {
        source: 'kubernetes',
        detail: `deletionTimestamp ${e.kubernetes?.deletion?.at} with a ${d.graceSeconds} s grace period: SIGTERM at ${new Date(d.requestedAt).toISOString()}, SIGKILL at the deadline; it finished at ${e.state.finishedAt}`,
      },
    ],
    fixes: [
      fixFor.initOrExec(e),
      {
        title: 'Only if shutdown is really slow: a longer grace period',
        detail:
          '`terminationGracePeriodSeconds` in the pod spec; it does not help a PID 1 that ignores the signal.',
      },
    ],
  };
}

export const stopTimeout: CauseDetector = {
  id: 'stop-timeout',
  why: 'A stop was requested, PID 1 did not exit within the grace period, and Docker SIGKILLed it.',
  docs: 'docs/causes/stop-timeout.md',
  detect(run) {
    if (run.phase === 'exited' && run.deletion) return podDeletion(run);
    const r = run.request;
    if (run.phase !== 'exited' || !r?.isStop || !r.kill9 || run.exit !== 137) return undefined;
    const e = run.evidence;
    const grace = ms(r.kill9.time) - ms(r.first.time);
    const sent = signalName(r.firstSignal ?? 15);
    const evidence = requestEvidence(run);
    evidence.push({
      source: 'events',
      detail: `stop: ${sent} at ${r.first.time}, SIGKILL ${secs(grace)} later when the grace period ran out`,
    });
    return {
      confidence: 'high',
      summary: `A stop was requested; PID 1 (\`${pid1Text(e)}\`) ignored ${sent} for the whole ${secs(grace)} grace period and was SIGKILLed (exit 137).`,
      evidence,
      fixes: [
        fixFor.initOrExec(e),
        {
          title: 'Only if shutdown is really slow: a longer grace period',
          detail: `\`docker stop -t 30\`, \`--stop-timeout 30\` or compose \`stop_grace_period: 30s\`; it does not help a PID 1 that ignores the signal.`,
        },
      ],
    };
  },
};
