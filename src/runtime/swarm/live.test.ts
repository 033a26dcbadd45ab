// The live swarm follows a task's container event until the manager's listing agrees. The
// manager is replayed from the lab's captured answers (test/fixtures/explain/swarm/paused.json,
// Engine 20.10.24): its first listings still say the failed task runs, as a manager does
// while the node's report of the container's death is in flight.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { LiveSwarm, TASK_ID_LABEL, TASK_SERVICE_LABEL } from './live';

interface Captured {
  service: { ID: string };
  tasks: { ID: string; Status: { State: string; Err?: string }; DesiredState: string }[];
  nodes: { ID: string }[];
}

const captured = JSON.parse(
  readFileSync(join(__dirname, '../../../test/fixtures/explain/swarm/paused.json'), 'utf8'),
) as Captured;
const failed = captured.tasks.find((t) => t.Status.State === 'failed')!;

/** A manager that answers `running` for the failed task in its first `lagging` listings. */
function replayedManager(lagging: number): { docker: Docker; listings: () => number } {
  let listings = 0;
  const docker = {
    info: async () => ({
      Swarm: { LocalNodeState: 'active', ControlAvailable: true, NodeID: captured.nodes[0]!.ID },
    }),
    listServices: async () => [captured.service],
    listNodes: async () => captured.nodes,
    listTasks: async () => {
      listings++;
      if (listings > lagging) return captured.tasks;
      return captured.tasks.map((t) =>
        t.ID === failed.ID
          ? { ...t, DesiredState: 'running', Status: { ...t.Status, State: 'running', Err: '' } }
          : t,
      );
    },
  } as unknown as Docker;
  return { docker, listings: () => listings };
}

const eventOf = { [TASK_SERVICE_LABEL]: captured.service.ID, [TASK_ID_LABEL]: failed.ID };

async function until(check: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

test("a die event is followed until the manager's listing shows the task ended", async () => {
  const manager = replayedManager(3);
  const swarm = new LiveSwarm(() => undefined, 10);
  await swarm.refresh(manager.docker);
  assert.equal(swarm.task(failed.ID)?.state, 'running');
  swarm.noteContainerEvent(manager.docker, eventOf, 'die');
  // 10 ms debounce, then 500 ms and 1 s settle readings: the fourth listing has it.
  await until(() => swarm.task(failed.ID)?.state === 'failed', 5000);
  assert.equal(swarm.task(failed.ID)?.error, 'task: non-zero exit (3)');
  const settled = manager.listings();
  assert.equal(settled, 4);
  await new Promise((r) => setTimeout(r, 2500));
  assert.equal(manager.listings(), settled, 'no reading once the listing agrees');
  swarm.dispose();
});

test('an event the listing already agrees with costs one reading', async () => {
  const manager = replayedManager(0);
  const swarm = new LiveSwarm(() => undefined, 10);
  await swarm.refresh(manager.docker);
  swarm.noteContainerEvent(manager.docker, eventOf, 'die');
  await until(() => manager.listings() === 2, 2000);
  await new Promise((r) => setTimeout(r, 800));
  assert.equal(manager.listings(), 2);
  swarm.dispose();
});
