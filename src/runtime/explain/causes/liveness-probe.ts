// Kubernetes only: the liveness probe failed failureThreshold times in a row and the kubelet
// killed the container to restart it (events Unhealthy, then Killing … failed liveness probe).
import type { CauseDetector } from './detector';
import { ms } from './shared';

export const livenessProbe: CauseDetector = {
  id: 'liveness-probe',
  why: 'The liveness probe failed repeatedly and the kubelet killed the container to restart it.',
  docs: 'docs/causes/liveness-probe.md',
  detect(run) {
    const k = run.evidence.kubernetes;
    if (!k || run.phase !== 'exited' || k.terminatedReason === 'OOMKilled') return undefined;
    const started = ms(run.evidence.state.startedAt);
    const killing = k.events.find(
      (e) =>
        e.reason === 'Killing' &&
        /failed liveness probe/.test(e.message) &&
        !(ms(e.time) < started - 1000),
    );
    if (!killing) return undefined;
    const unhealthy = k.events.filter(
      (e) => e.reason === 'Unhealthy' && /^Liveness probe failed/.test(e.message),
    );
    const p = k.livenessProbe;
    const window = p ? p.periodSeconds * p.failureThreshold : undefined;
    return {
      confidence: 'high',
      summary: `The liveness probe failed${p ? ` ${p.failureThreshold} times in a row (every ${p.periodSeconds} s, ${p.timeoutSeconds} s timeout: about ${window} s of failures)` : ''} and the kubelet killed the container to restart it (exit ${run.exit})${
        unhealthy.length ? `: "${unhealthy.at(-1)?.message}"` : ''
      }.`,
      evidence: [
        ...run.base,
        ...unhealthy.map((e) => ({
          source: 'events',
          detail: `${e.time} Unhealthy (x${e.count}): ${e.message}`,
        })),
        { source: 'events', detail: `${killing.time} Killing: ${killing.message}` },
      ],
      fixes: [
        {
          title: 'Make the probe measure liveness, not load',
          detail:
            'A liveness probe that fails while the app is busy, starting or waiting on a dependency restarts a healthy container. Probe a cheap endpoint that checks only the process itself; give slow starts a `startupProbe`; raise `timeoutSeconds`/`failureThreshold` if the endpoint is slow under load.',
        },
      ],
    };
  },
};
