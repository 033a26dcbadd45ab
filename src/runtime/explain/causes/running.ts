// Not an exit: the container runs. Its earlier runs (restarts) and OOM kills of its
// children are still worth telling, from the events the daemon remembers.
import type { ExplainFix } from '../types';
import type { CauseDetector } from './detector';
import { fixFor } from './shared';

export const running: CauseDetector = {
  id: 'running',
  why: 'The container is running (or paused); earlier runs and OOM kills of its children are told from the events.',
  docs: 'docs/causes/running.md',
  detect(run) {
    if (run.phase !== 'running') return undefined;
    const e = run.evidence;
    const oom = e.events.items.filter((ev) => ev.action === 'oom');
    const dies = e.events.items.filter((ev) => ev.action === 'die');
    const evidence = [
      {
        source: 'state',
        detail: `Running since ${e.state.startedAt}, RestartCount ${e.restartCount}, OOMKilled ${e.state.oomKilled}`,
      },
    ];
    for (const d of dies.slice(-5))
      evidence.push({
        source: 'events',
        detail: `${d.time} a run died with ${d.attributes.exitCode}`,
      });
    if (oom.length)
      evidence.push({
        source: 'events',
        detail: `${oom.length} oom event(s), the last at ${oom.at(-1)?.time}`,
      });
    const parts = [`It is running (since ${e.state.startedAt})`];
    if (e.restartCount)
      parts.push(`restarted ${e.restartCount} time(s) by its ${e.restartPolicy.name} policy`);
    if (oom.length || e.state.oomKilled)
      parts.push(
        `a process of it was OOM-killed${oom.length ? ` ${oom.length} time(s), last at ${oom.at(-1)?.time}` : ''} while PID 1 survived`,
      );
    const fixes: ExplainFix[] = [];
    if (oom.length || e.state.oomKilled) fixes.push(fixFor.memoryLimit(e));
    if (e.restartCount)
      fixes.push({
        title: 'Explain the earlier exits',
        detail:
          'Only the latest run is in the state; the events above show the exit codes of the runs the daemon still remembers.',
      });
    return { confidence: 'high', summary: `${parts.join('; ')}.`, evidence, fixes };
  },
};
