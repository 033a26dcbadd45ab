// SIGKILL that did not come through Docker: `kill -9` on the host, or the host's (not the
// container's) OOM killer. Without the events a docker stop or kill cannot be ruled out.
import type { CauseDetector, Finding } from './detector';
import { childOomNote, type ExitRun } from './run';
import { fixFor } from './shared';

/** A pod's container: the kubelet's kills show as pod events (Killing), not Docker events. */
function onKubernetes(run: ExitRun): Finding {
  const k = run.evidence.kubernetes;
  const killing = k?.events.filter((e) => e.reason === 'Killing') ?? [];
  const known = !!k?.eventsGiven;
  return {
    confidence: known ? 'medium' : 'low',
    summary: known
      ? "PID 1 was SIGKILLed (exit 137) and the pod's events show no kill by the kubelet: `kill -9` on the node, or the node's OOM killer (the container's own limit would read OOMKilled)."
      : "PID 1 was SIGKILLed (exit 137, not by the container's memory limit). Without the pod's events it cannot be told whether the kubelet sent it (a deletion whose grace period ran out, a failed liveness probe) or something on the node (`kill -9`, the node's OOM killer).",
    evidence: [
      ...run.base,
      ...killing.map((e) => ({ source: 'events', detail: `${e.time} Killing: ${e.message}` })),
    ],
    fixes: [
      {
        title: "Check the node's kernel log",
        detail:
          '`dmesg -T | grep -i -E "killed process|out of memory"` on the node around the finish time (or `kubectl describe node` for memory pressure).',
      },
      fixFor.memoryLimit(run.evidence),
    ],
  };
}

export const sigkillExternal: CauseDetector = {
  id: 'sigkill-external',
  why: "PID 1 was SIGKILLed from outside Docker: kill -9 on the host, or the host's OOM killer.",
  docs: 'docs/causes/sigkill-external.md',
  detect(run) {
    if (run.phase !== 'exited' || run.request || run.signal !== 9) return undefined;
    if (run.evidence.kubernetes) return onKubernetes(run);
    const evidence = [...run.base];
    if (run.hostOom) evidence.push({ source: 'kernel', detail: run.hostOom.text });
    evidence.push({
      source: 'events',
      detail: run.eventsKnown
        ? 'no kill or stop request through Docker, no oom event for the container'
        : `${run.eventsMissing}: a docker stop or kill cannot be ruled out`,
    });
    if (run.childOom) evidence.push(childOomNote(run));
    return {
      confidence: run.hostOom ? 'high' : run.eventsKnown ? 'high' : 'low',
      summary: run.hostOom
        ? 'The host (not the container) ran out of memory and the kernel OOM killer SIGKILLed its PID 1 (exit 137).'
        : run.eventsKnown
          ? "PID 1 was SIGKILLed from outside Docker (exit 137): `kill -9` on the host, or the host's OOM killer; Docker did not send it."
          : "PID 1 was SIGKILLed (exit 137, not by the container's memory limit). Without the events of this run it cannot be told whether Docker sent it (a docker stop whose grace period ran out, docker kill) or something outside Docker (`kill -9` on the host, the host's OOM killer).",
      evidence,
      fixes: [
        {
          title: 'Check the host kernel log',
          detail:
            '`dmesg -T | grep -i -E "killed process|out of memory"` around the finish time; a host OOM kill names the process. Otherwise look for tools that kill -9 (monitoring, watchdogs, systemd units).',
        },
        fixFor.memoryLimit(run.evidence),
      ],
    };
  },
};
