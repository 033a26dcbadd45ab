import { test } from 'node:test';
import assert from 'node:assert/strict';
import { catches, catchesNot, fixture } from '../../../../test/fixtures/explain/load';
import { swarmEvidence } from '../../../../test/fixtures/explain/swarm/load';
import { taskUnschedulable } from './task-unschedulable';

test('task-unschedulable: a real pending task (placement constraint node.labels.nothere==1)', () => {
  const f = catches(taskUnschedulable, swarmEvidence('unschedulable'));
  assert.match(
    f.summary,
    /found no suitable node for it: scheduling constraints not satisfied on 1 node; it waits in state pending/,
  );
  assert.ok(f.evidence.some((e) => e.detail === 'placement constraints: node.labels.nothere==1'));
  assert.match(f.fixes[0]!.title, /placement constraints/);
});

test('task-unschedulable: insufficient resources point at the reservation', () => {
  const e = swarmEvidence('unschedulable');
  e.swarm!.task.error = 'no suitable node (insufficient resources on 1 node)';
  e.swarm!.placement.constraints = [];
  e.swarm!.reservations.memoryBytes = 1024 ** 4;
  const f = catches(taskUnschedulable, e);
  assert.match(f.fixes[0]!.title, /Reserve what a node has/);
  assert.match(f.fixes[0]!.detail, /1048576 MiB of memory/);
});

test('task-unschedulable: not a task that ran, not a plain container', () => {
  catchesNot(taskUnschedulable, swarmEvidence('paused', 'app-error'));
  catchesNot(taskUnschedulable, fixture('app-error'));
});
