// `explain SERVICE` against the lab's real swarm (the second engine, a single-node manager):
// each test makes a service fail one way and checks the cause, the task, its history and
// the restart policy a user reads. Services are removed after each test, passed or failed.
import { describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type Docker from 'dockerode';
import { explainService } from '../../../src/runtime/swarm';
import { runCliInProcess } from '../run-cli-in-process';
import type { Explanation } from '../../../src/runtime/explain/types';
import { waitFor } from '../lab';
import {
  SWARM_SOCKET,
  createService,
  requireSwarm,
  serviceName,
  shTask,
  swarmBusybox,
  tasksOf,
} from './swarm-lab';

const MiB = 1024 * 1024;
const GROW = 'x=a; while :; do x=$x$x; done';

async function explained(swarm: Docker, ref: string, taskId?: string): Promise<Explanation> {
  const r = await explainService(swarm, ref, { local: true, ...(taskId ? { taskId } : {}) });
  assert.equal(r.kind, 'ok', r.kind === 'ok' ? '' : r.message);
  if (r.kind !== 'ok') throw new Error('unreachable');
  return r.explanation;
}

/**
 * Explains a one-replica service that no node can take (`template` says why) once swarm has
 * said so: its task pending with "no suitable node".
 */
async function unschedulable(
  t: TestContext,
  what: string,
  template: Record<string, unknown>,
): Promise<Explanation> {
  const swarm = await requireSwarm();
  const image = await swarmBusybox(swarm);
  const name = serviceName(what);
  await createService(t, swarm, {
    Name: name,
    TaskTemplate: { ...shTask(image, 'sleep 600'), ...template },
    Mode: { Replicated: { Replicas: 1 } },
  });
  await waitFor(
    async () =>
      (await tasksOf(swarm, name)).some(
        (x) => x.Status.State === 'pending' && /no suitable node/.test(x.Status.Err ?? ''),
      ),
    { timeoutMs: 60_000, intervalMs: 500 },
  );
  return explained(swarm, name);
}

const cli = (args: string[]) =>
  runCliInProcess(args, { ...process.env, DOCKER_HOST: `unix://${SWARM_SOCKET}` });

describe('explain SERVICE on a real swarm', { concurrency: true }, () => {
  test('a task that exits 3 (restart on-failure, 2 attempts) → app-error, with the task history', async (t) => {
    const swarm = await requireSwarm();
    const image = await swarmBusybox(swarm);
    const name = serviceName('exit3');
    await createService(t, swarm, {
      Name: name,
      TaskTemplate: {
        ...shTask(image, 'echo "config missing" >&2; exit 3'),
        RestartPolicy: { Condition: 'on-failure', MaxAttempts: 2, Delay: 500_000_000 },
      },
      Mode: { Replicated: { Replicas: 1 } },
    });
    // Three tasks in slot 1: the first and its two restarts, all failed.
    await waitFor(
      async () =>
        (await tasksOf(swarm, name)).filter((x) => x.Status.State === 'failed').length >= 3,
      { timeoutMs: 90_000, intervalMs: 500 },
    );
    const x = await explained(swarm, name);
    assert.equal(x.cause, 'app-error', x.summary);
    assert.equal(x.exitCode, 3);
    assert.equal(x.service?.name, name);
    assert.equal(x.service?.task.error, 'task: non-zero exit (3)');
    assert.equal(x.service?.task.exitCode, 3);
    assert.equal(x.service?.task.state, 'failed');
    assert.ok(x.service?.task.containerId, 'the task names its container');
    assert.equal(x.restartCount, 2, 'two earlier failed tasks in the slot');
    assert.ok(
      x.evidence.some((e) => e.source === 'task' && /task: non-zero exit \(3\)/.test(e.detail)),
    );
    assert.ok(
      x.evidence.some(
        (e) => e.source === 'service' && /condition on-failure, max attempts 2/.test(e.detail),
      ),
    );
    assert.equal(x.evidence.filter((e) => e.source === 'history').length, 2);
    // The container's own evidence was read on this engine (logs tail names the error).
    assert.ok(
      x.evidence.some((e) => /config missing/.test(e.detail)),
      JSON.stringify(x.evidence),
    );
    assert.ok(
      x.timeline.filter((e) => /^task .* failed: task: non-zero exit/.test(e.event)).length >= 3,
    );

    // The CLI finds the service by name (no container has it) and prints the contract.
    const byName = await cli(['explain', name, '--format', 'json']);
    assert.equal(byName.code, 0, byName.err);
    const json = JSON.parse(byName.out) as Explanation;
    assert.equal(json.cause, 'app-error');
    assert.equal(json.service?.task.exitCode, 3);
    const text = await cli(['explain', `service/${name}`]);
    assert.equal(text.code, 0, text.err);
    assert.match(
      text.out,
      new RegExp(`^service ${name}, task ${name}\\.1 .*: failed, task: non-zero exit \\(3\\)`),
    );
    assert.match(text.out, /cause: app-error/);
    // An older task by its id: the same cause for that task.
    const older = x.evidence.find((e) => e.source === 'history')!.detail;
    const olderId = (await tasksOf(swarm, name)).find((k) => older.includes(k.ID.slice(0, 12)))!.ID;
    const byTask = await cli(['explain', `task/${olderId}`, '--format', 'json']);
    assert.equal(byTask.code, 0, byTask.err);
    assert.equal((JSON.parse(byTask.out) as Explanation).service?.task.id, olderId);
  });

  test('a task over its memory limit (Resources.Limits.MemoryBytes) → oom-killed', async (t) => {
    const swarm = await requireSwarm();
    const image = await swarmBusybox(swarm);
    const name = serviceName('oom');
    await createService(t, swarm, {
      Name: name,
      TaskTemplate: {
        ...shTask(image, GROW),
        Resources: { Limits: { MemoryBytes: 16 * MiB } },
        RestartPolicy: { Condition: 'none' },
      },
      Mode: { Replicated: { Replicas: 1 } },
    });
    await waitFor(
      async () => (await tasksOf(swarm, name)).some((x) => x.Status.State === 'failed'),
      { timeoutMs: 90_000, intervalMs: 500 },
    );
    const x = await explained(swarm, name);
    assert.equal(x.cause, 'oom-killed', x.summary);
    assert.equal(x.exitCode, 137);
    assert.equal(x.service?.task.error, 'task: non-zero exit (137)');
    assert.ok(
      x.evidence.some((e) => e.source === 'task' && /non-zero exit \(137\)/.test(e.detail)),
    );
  });

  test('a placement constraint no node satisfies → task-unschedulable', async (t) => {
    const x = await unschedulable(t, 'nowhere', {
      Placement: { Constraints: ['node.labels.nothere==1'] },
    });
    assert.equal(x.cause, 'task-unschedulable', x.summary);
    assert.match(x.summary, /no suitable node/);
    assert.ok(x.evidence.some((e) => /node\.labels\.nothere==1/.test(e.detail)));
    assert.ok(x.fixes.some((f) => /placement constraints/.test(f.title)));
    assert.equal(x.service?.task.state, 'pending');
  });

  test('a memory reservation larger than the node → task-unschedulable (resources)', async (t) => {
    const x = await unschedulable(t, 'toobig', {
      Resources: { Reservations: { MemoryBytes: 1024 * 1024 * MiB } },
    });
    assert.equal(x.cause, 'task-unschedulable', x.summary);
    assert.match(x.summary, /insufficient resources/);
    assert.ok(x.fixes.some((f) => /Reserve what a node has/.test(f.title)));
  });

  test('a rolling update whose new task fails (failure action pause) → update-failed', async (t) => {
    const swarm = await requireSwarm();
    const image = await swarmBusybox(swarm);
    const name = serviceName('update');
    const service = await createService(t, swarm, {
      Name: name,
      TaskTemplate: { ...shTask(image, 'sleep 600'), RestartPolicy: { Condition: 'none' } },
      Mode: { Replicated: { Replicas: 1 } },
      UpdateConfig: { Parallelism: 1, FailureAction: 'pause', Monitor: 10_000_000_000 },
    });
    await waitFor(
      async () => (await tasksOf(swarm, name)).some((x) => x.Status.State === 'running'),
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    const current = (await service.inspect()) as {
      Version: { Index: number };
      Spec: Record<string, unknown> & { TaskTemplate: Record<string, unknown> };
    };
    await service.update({
      version: current.Version.Index,
      ...current.Spec,
      TaskTemplate: {
        ...current.Spec.TaskTemplate,
        ...shTask(image, 'echo "bad release" >&2; sleep 1; exit 3'),
      },
    });
    await waitFor(
      async () =>
        ((await service.inspect()) as { UpdateStatus?: { State?: string } }).UpdateStatus?.State ===
        'paused',
      { timeoutMs: 90_000, intervalMs: 500 },
    );
    const x = await explained(swarm, name);
    assert.equal(x.cause, 'update-failed', x.summary);
    assert.match(x.summary, /is paused: update paused due to failure or early termination of task/);
    assert.match(x.summary, /ended as `app-error`/);
    assert.ok(x.fixes.some((f) => /docker service rollback/.test(f.detail)));
    assert.equal(x.service?.task.exitCode, 3);
  });
});
