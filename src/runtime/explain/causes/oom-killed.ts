// The container's cgroup reached its memory limit and the kernel's OOM killer ended PID 1:
// exit 137 with OOMKilled (with exit 0 or 143 it was a child, see stopped and signal).
import type { CauseDetector } from './detector';
import { fixFor, mib, withHints } from './shared';

export const oomKilled: CauseDetector = {
  id: 'oom-killed',
  why: "The container reached its memory limit and the kernel's OOM killer ended PID 1.",
  docs: 'docs/causes/oom-killed.md',
  detect(run) {
    const e = run.evidence;
    if (run.phase !== 'exited' || run.request) return undefined;
    if (!e.state.oomKilled || run.exit !== 137 || run.hostOom) return undefined;
    const evidence = [...run.base];
    if (run.oomEvents[0])
      evidence.push({ source: 'events', detail: `${run.oomEvents[0].time} oom` });
    if (run.cgroupOomLine) evidence.push({ source: 'kernel', detail: run.cgroupOomLine.text });
    const killedLine = e.kernel.oomLines.find((l) => /killed process/i.test(l.text));
    if (killedLine) evidence.push({ source: 'kernel', detail: killedLine.text });
    return withHints(
      {
        confidence: run.oomEvents.length || run.cgroupOomLine ? 'high' : 'medium',
        summary: `The kernel's OOM killer ended it: the container reached its memory limit${
          e.hostConfig.memory ? ` of ${mib(e.hostConfig.memory)}` : ''
        } (exit 137, OOMKilled).`,
        evidence,
        fixes: [fixFor.memoryLimit(e)],
      },
      run.hints,
      2,
    );
  },
};
