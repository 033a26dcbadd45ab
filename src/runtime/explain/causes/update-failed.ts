// Swarm only: a rolling update stopped because its new tasks failed. With the update's
// failure action `pause` the service keeps the old and new tasks side by side (UpdateStatus
// paused); with `rollback` the swarm goes back to the previous spec (rollback_started, then
// rollback_completed). The new task's own end (app-error, oom-killed, …) is why it failed.
import type { CauseDetector } from './detector';

/** UpdateStatus states that mean the update did not finish as asked. */
const STOPPED = ['paused', 'rollback_started', 'rollback_paused', 'rollback_completed'];

export const updateFailed: CauseDetector = {
  id: 'update-failed',
  why: "The swarm service's rolling update stopped (paused or rolled back) because its new tasks failed.",
  docs: 'docs/causes/update-failed.md',
  detect(run) {
    const s = run.evidence.swarm;
    const u = s?.update;
    // A rollback asked for by hand (`docker service rollback`) is not a failure.
    if (!s || !u || !STOPPED.includes(u.state) || !/fail|early termination/i.test(u.message))
      return undefined;
    const rolledBack = u.state.startsWith('rollback');
    const task = s.taskCause
      ? ` Its new task ${s.task.name} ended as \`${s.taskCause.cause}\`: ${s.taskCause.summary}`
      : '';
    return {
      confidence: 'high',
      summary: `The rolling update of ${s.service.name} ${rolledBack ? `was rolled back (${u.state})` : 'is paused'}: ${u.message}.${task}`,
      evidence: [
        {
          source: 'service',
          detail: `UpdateStatus ${u.state}: ${u.message}; update failure action ${u.failureAction}`,
        },
        ...(s.taskCause
          ? [{ source: 'task', detail: `the new task's end: ${s.taskCause.cause}` }]
          : []),
        ...run.base,
      ],
      fixes: [
        {
          title: `Fix what the new task's end says${s.taskCause ? ` (${s.taskCause.cause})` : ''}, then update again`,
          detail: `See the task's cause above and docs/causes/${s.taskCause?.cause ?? 'README'}.md; \`docker service update --image … ${s.service.name}\` starts a new update.`,
        },
        rolledBack
          ? {
              title: 'The service runs the previous spec again',
              detail: `\`docker service inspect ${s.service.name}\` shows PreviousSpec; nothing else is needed to keep it serving.`,
            }
          : {
              title: 'Resume or roll back the paused update',
              detail: `\`docker service rollback ${s.service.name}\` goes back to the previous spec; \`docker service update ${s.service.name}\` resumes the update. Until then old and new tasks run side by side.`,
            },
      ],
    };
  },
};
