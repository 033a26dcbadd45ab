// docker stop whose grace period ran out: the stop signal, nothing, then SIGKILL (137).
// The usual reason is a PID 1 without a SIGTERM handler (the kernel drops the signal).
import { signalName } from '../../../model/knowledge/signals';
import type { CauseDetector } from './detector';
import { requestEvidence } from './run';
import { fixFor, ms, pid1Text, secs } from './shared';

export const stopTimeout: CauseDetector = {
  id: 'stop-timeout',
  why: 'A stop was requested, PID 1 did not exit within the grace period, and Docker SIGKILLed it.',
  docs: 'docs/causes/stop-timeout.md',
  detect(run) {
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
