// Swarm only: the task never ran because the scheduler found no node for it ("no suitable
// node"): a placement constraint no node satisfies, a reservation larger than any node's
// free memory or CPUs, or every node drained or down. The task waits in `pending`.
import type { SwarmFacts } from '../types';
import type { CauseDetector } from './detector';

const MiB = 1024 * 1024;

function nodesText(s: SwarmFacts): string {
  return s.nodes
    .map(
      (n) =>
        `${n.hostname} (${n.state}, ${n.availability}, ${Math.round(n.memoryBytes / MiB)} MiB)`,
    )
    .join(', ');
}

export const taskUnschedulable: CauseDetector = {
  id: 'task-unschedulable',
  why: 'The swarm task never ran: the scheduler found no node that satisfies its placement constraints or has the resources it reserves.',
  docs: 'docs/causes/task-unschedulable.md',
  detect(run) {
    const s = run.evidence.swarm;
    if (
      !s ||
      s.task.state !== 'pending' ||
      !/no suitable node/i.test(s.task.message + s.task.error)
    )
      return undefined;
    const why = s.task.error || s.task.message;
    // "no suitable node (scheduling constraints not satisfied on 1 node)" → the parenthesis.
    const detail = /\((.+)\)\s*$/.exec(why)?.[1] ?? why;
    const constraints = /constraint/i.test(why);
    const resources = /insufficient resources|resources/i.test(why) && !constraints;
    const fixes = [];
    if (constraints || s.placement.constraints.length)
      fixes.push({
        title: 'Make a node satisfy the placement constraints, or change them',
        detail: `The service asks for ${s.placement.constraints.map((c) => `\`${c}\``).join(', ') || 'constraints'}. Label a node (\`docker node update --label-add KEY=VALUE NODE\`) or change them (\`docker service update --constraint-rm … --constraint-add … ${s.service.name}\`).`,
      });
    if (resources || s.reservations.memoryBytes || s.reservations.nanoCpus)
      fixes.push({
        title: 'Reserve what a node has, or add a node that has it',
        detail: `The service reserves ${s.reservations.memoryBytes ? `${Math.round(s.reservations.memoryBytes / MiB)} MiB of memory` : 'no memory'}${s.reservations.nanoCpus ? ` and ${s.reservations.nanoCpus / 1e9} CPUs` : ''}; a node must have that much not yet reserved by other tasks. Lower it (\`docker service update --reserve-memory … ${s.service.name}\`) or add capacity.`,
      });
    fixes.push({
      title: 'Check that nodes are ready and active',
      detail:
        'A drained or paused node takes no new task (`docker node ls`, `docker node update --availability active NODE`).',
    });
    return {
      confidence: 'high',
      summary: `The task ${s.task.name} never ran: the swarm scheduler found no suitable node for it: ${detail}; it waits in state pending since ${s.task.updatedAt}.`,
      evidence: [
        {
          source: 'task',
          detail: `state ${s.task.state}, desired ${s.task.desiredState}: ${why}`,
        },
        ...(s.placement.constraints.length
          ? [
              {
                source: 'service',
                detail: `placement constraints: ${s.placement.constraints.join(', ')}`,
              },
            ]
          : []),
        ...(s.reservations.memoryBytes || s.reservations.nanoCpus
          ? [
              {
                source: 'service',
                detail: `reservations: ${s.reservations.memoryBytes} bytes of memory, ${s.reservations.nanoCpus / 1e9} CPUs`,
              },
            ]
          : []),
        { source: 'nodes', detail: nodesText(s) || 'no node listed' },
      ],
      fixes,
    };
  },
};
