// The explorer's live model on the lab's swarm manager: services grouped into stacks by
// com.docker.stack.namespace like compose projects, each with its tasks (state, node, the
// container on this engine); a task dying updates the model from the container events
// alone (no polling), and the task's container is the one the model lists.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { modelJudge } from '../../../src/runtime/containers/pid1';
import { parseHost } from '../../../src/runtime/connection';
import { ExplorerModel } from '../../../src/runtime/live/model';
import { STACK_LABEL } from '../../../src/runtime/swarm';
import { waitFor } from '../lab';
import {
  SWARM_SOCKET,
  createService,
  requireSwarm,
  serviceName,
  shTask,
  swarmBusybox,
} from './swarm-lab';

describe('explorer model: the Swarm section', () => {
  test('a stack of two services and a loose one; tasks with state, node and container; a death seen through events', async (t) => {
    const swarm = await requireSwarm();
    const image = await swarmBusybox(swarm);
    const stack = serviceName('stack');
    const web = `${stack}_web`;
    const worker = `${stack}_worker`;
    const loose = serviceName('loose');
    const stackLabels = { [STACK_LABEL]: stack };
    const replicated = { Mode: { Replicated: { Replicas: 1 } } };
    await createService(t, swarm, {
      Name: web,
      Labels: stackLabels,
      TaskTemplate: { ...shTask(image, 'sleep 600'), RestartPolicy: { Condition: 'none' } },
      ...replicated,
    });
    await createService(t, swarm, {
      Name: worker,
      Labels: stackLabels,
      TaskTemplate: { ...shTask(image, 'sleep 600'), RestartPolicy: { Condition: 'none' } },
      ...replicated,
    });
    // Dies after a few seconds, with no restart: the model must notice through events.
    await createService(t, swarm, {
      Name: loose,
      TaskTemplate: { ...shTask(image, 'sleep 4; exit 3'), RestartPolicy: { Condition: 'none' } },
      ...replicated,
    });

    const endpoint = parseHost(`unix://${SWARM_SOCKET}`, 'setting', undefined);
    const model = new ExplorerModel({
      resolveEndpoint: () => endpoint,
      allowExec: () => false,
      judge: modelJudge,
    });
    t.after(() => model.dispose());
    model.start();
    await waitFor(() => model.isLoaded, { timeoutMs: 15_000 });

    // The stack's services are running (each task's container is created and started).
    await waitFor(
      () =>
        model.swarm
          .stacks()
          .find((g) => g.stack === stack)
          ?.services.every((s) => model.swarm.tasks(s.id).some((k) => k.state === 'running')),
      { timeoutMs: 60_000, intervalMs: 200 },
    );
    assert.ok(model.swarm.isManager);
    const group = model.swarm.stacks().find((g) => g.stack === stack)!;
    assert.deepEqual(
      group.services.map((s) => s.name),
      [web, worker],
    );
    const ungrouped = model.swarm.stacks().find((g) => g.stack === undefined);
    assert.ok(
      ungrouped?.services.some((s) => s.name === loose),
      'the loose service is outside stacks',
    );
    assert.ok(
      !model.swarm
        .stacks()
        .some((g) => g.stack !== undefined && g.services.some((s) => s.name === loose)),
    );

    const webService = group.services[0]!;
    const [task] = model.swarm.tasks(webService.id);
    assert.equal(task!.state, 'running');
    assert.equal(task!.desiredState, 'running');
    assert.equal(task!.name, `${web}.1`);
    assert.ok(model.swarm.nodeName(task!.nodeId), 'the task names its node');
    assert.deepEqual(model.swarm.replicas(webService), { running: 1, desired: 1 });
    // The task's container is on this engine, and the model lists it.
    await waitFor(() => model.container(task!.containerId!)?.running, { timeoutMs: 10_000 });

    // The loose service's task exits 3: the container's die event refreshes the swarm part.
    const looseService = model.swarm.services().find((s) => s.name === loose)!;
    const failed = await waitFor(
      () => model.swarm.tasks(looseService.id).find((k) => k.state === 'failed'),
      { timeoutMs: 60_000, intervalMs: 100 },
    );
    assert.equal(failed.exitCode, 3);
    assert.equal(failed.error, 'task: non-zero exit (3)');
  });
});
