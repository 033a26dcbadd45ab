// The swarm listing from real captured answers: services, tasks (state, error, exit code,
// node, container), stacks grouped by com.docker.stack.namespace, the task `explain` picks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { swarmCapture } from '../../../test/fixtures/explain/swarm/load';
import { groupStacks, replicaCounts, swarmRoleOf } from './list';
import { pickTask } from './explain';
import type { SwarmService } from './types';

test('a paused update: UpdateStatus, restart policy, the failed new task and the old one', () => {
  const l = swarmCapture('paused');
  const s = l.services[0]!;
  assert.equal(s.name, 'swarm-paused-fx');
  assert.equal(s.update?.state, 'paused');
  assert.match(s.update!.message, /update paused due to failure or early termination of task/);
  assert.equal(s.updateFailureAction, 'pause');
  assert.equal(s.restartPolicy.condition, 'none');
  const failed = l.tasks.find((t) => t.state === 'failed')!;
  assert.equal(failed.error, 'task: non-zero exit (3)');
  assert.equal(failed.exitCode, 3);
  assert.equal(failed.name, 'swarm-paused-fx.1');
  assert.ok(failed.containerId && failed.nodeId);
  assert.equal(
    pickTask(l.tasks)?.id,
    l.tasks.sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0]!.id,
  );
  assert.equal(l.nodes[0]!.hostname.length > 0, true);
});

test('an unschedulable task is the one explained, even beside older dead ones', () => {
  const l = swarmCapture('unschedulable');
  const pending = l.tasks.find((t) => t.state === 'pending')!;
  assert.match(pending.error, /no suitable node/);
  assert.equal(pending.containerId, undefined);
  const older = { ...pending, id: 'older', state: 'failed', createdAt: '2020-01-01T00:00:00Z' };
  assert.equal(pickTask([older, pending])?.id, pending.id);
  assert.deepEqual(l.services[0]!.placement.constraints, ['node.labels.nothere==1']);
  assert.deepEqual(replicaCounts(l.services[0]!, l.tasks), { running: 0, desired: 1 });
});

test('stacks are grouped like compose projects: by name, loose services last', () => {
  const base = swarmCapture('paused').services[0]!;
  const svc = (name: string, stack?: string): SwarmService => ({ ...base, id: name, name, stack });
  const groups = groupStacks([svc('b_web', 'b'), svc('lone'), svc('a_db', 'a'), svc('b_api', 'b')]);
  assert.deepEqual(
    groups.map((g) => [g.stack, g.services.map((s) => s.name)]),
    [
      ['a', ['a_db']],
      ['b', ['b_api', 'b_web']],
      [undefined, ['lone']],
    ],
  );
});

test('the swarm role from /info', () => {
  assert.deepEqual(swarmRoleOf({ Swarm: { LocalNodeState: 'inactive' } }), { kind: 'inactive' });
  assert.deepEqual(
    swarmRoleOf({ Swarm: { LocalNodeState: 'active', ControlAvailable: true, NodeID: 'n1' } }),
    { kind: 'manager', nodeId: 'n1' },
  );
  assert.deepEqual(
    swarmRoleOf({ Swarm: { LocalNodeState: 'active', ControlAvailable: false, NodeID: 'n2' } }),
    { kind: 'worker', nodeId: 'n2' },
  );
});
