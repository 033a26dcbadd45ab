// 200 containers listed and grouped; the explorer's actions on real containers:
// a timed stop that says whether SIGTERM was honoured, and a memory update held to
// the swap rule (checked against what the engine itself accepts).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { busyboxImage, registerLabCleanup, requireDocker, runContainer, LAB_LABEL } from '../lab';
import { connectFromEnvironment, type EngineState } from '../../../src/runtime/connection';
import {
  applyMemoryUpdate,
  followLogs,
  groupContainers,
  inspectView,
  listContainerViews,
  planMemoryUpdate,
  timedStop,
} from '../../../src/runtime/containers';
import { measurePid1 } from '../../../src/runtime/containers/pid1';

registerLabCleanup();

const MiB = 1024 * 1024;

async function engine(): Promise<Extract<EngineState, { kind: 'connected' }>> {
  const s = await connectFromEnvironment();
  assert.equal(s.kind, 'connected');
  return s as Extract<EngineState, { kind: 'connected' }>;
}

describe('200 containers', () => {
  test('all listed with their inspect data, running first, grouped by compose project', async (t) => {
    if (!(await requireDocker(t))) return;
    const image = await busyboxImage();
    const total = 200;
    const started = 10;
    const ids: string[] = [];
    const queue = Array.from({ length: total }, (_, i) => i);
    const worker = async (): Promise<void> => {
      for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
        const c = await runContainer(
          {
            Image: image,
            Cmd: ['sleep', '1000'],
            Labels: { 'com.docker.compose.project': `cdoc-many-${i % 4}` },
          },
          { start: i < started },
        );
        ids.push(c.id);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    const e = await engine();
    const t0 = performance.now();
    const listed = await listContainerViews(e.docker, { filters: { label: [LAB_LABEL] } });
    t.diagnostic(`list + ${total} inspects: ${Math.round(performance.now() - t0)} ms`);
    assert.ok(listed.ok);
    const mine = listed.value.filter((v) => ids.includes(v.id));
    assert.equal(mine.length, total);
    assert.equal(mine.filter((v) => v.running).length, started);
    const groups = groupContainers(mine);
    assert.deepEqual(groups.map((g) => g.project).sort(), [
      'cdoc-many-0',
      'cdoc-many-1',
      'cdoc-many-2',
      'cdoc-many-3',
    ]);
    for (const g of groups) {
      assert.equal(g.containers.length, total / 4);
      const firstStopped = g.containers.findIndex((c) => !c.running);
      assert.ok(
        g.containers.slice(firstStopped).every((c) => !c.running),
        'running first',
      );
    }
  });
});

describe('actions', () => {
  test('stop: a PID 1 without a TERM handler is SIGKILLed after the grace period', async (t) => {
    if (!(await requireDocker(t))) return;
    const image = await busyboxImage();
    const e = await engine();
    const plain = await runContainer({ Image: image, Cmd: ['sleep', '1000'] });
    // The measured judgement agrees with what the stop shows.
    const view = await inspectView(e.docker, plain.id);
    assert.ok(view.ok);
    if (view.ok) assert.equal(measurePid1(view.value)?.handlesSigterm, 'no');
    const r = await timedStop(e.docker, plain.id, 2);
    assert.ok(r.ok, r.ok ? '' : r.message);
    if (!r.ok) return;
    assert.equal(r.value.honouredSigterm, false);
    assert.equal(r.value.exitCode, 137);
    assert.deepEqual(r.value.signals, [15, 9]);
    assert.ok(r.value.ms >= 1900, `took ${r.value.ms} ms`);
    assert.match(r.value.summary, /did not exit on SIGTERM within 2 s/);
  });

  test('stop: tini as PID 1 honours SIGTERM', async (t) => {
    if (!(await requireDocker(t))) return;
    const image = await busyboxImage();
    const e = await engine();
    const c = await runContainer({
      Image: image,
      Entrypoint: ['/sbin/tini', '--'],
      Cmd: ['sleep', '1000'],
    });
    await new Promise((res) => setTimeout(res, 300)); // tini settles into sigtimedwait
    const view = await inspectView(e.docker, c.id);
    assert.ok(view.ok);
    if (view.ok) {
      const measured = measurePid1(view.value);
      assert.equal(measured?.handlesSigterm, 'yes');
      assert.equal(measured?.basis, 'host-proc');
    }
    const r = await timedStop(e.docker, c.id, 5);
    assert.ok(r.ok);
    if (!r.ok) return;
    assert.equal(r.value.honouredSigterm, true);
    assert.equal(r.value.exitCode, 143);
    assert.deepEqual(r.value.signals, [15]);
  });

  test('logs: the tail, then live lines from stdout and stderr, until the container ends', async (t) => {
    if (!(await requireDocker(t))) return;
    const image = await busyboxImage();
    const e = await engine();
    const c = await runContainer({
      Image: image,
      Cmd: [
        'sh',
        '-c',
        'echo before; sleep 0.5; for i in 1 2 3; do echo out $i; echo err $i >&2; sleep 0.2; done',
      ],
    });
    let text = '';
    const follower = await followLogs(e.docker, c.id, (chunk) => (text += chunk), { tail: 100 });
    assert.ok(follower.ok, follower.ok ? '' : follower.message);
    if (!follower.ok) return;
    await follower.value.done; // the container ended: the stream ends by itself
    for (const line of ['before', 'out 1', 'err 1', 'out 3', 'err 3'])
      assert.ok(text.includes(`${line}\n`), `${line} in ${JSON.stringify(text)}`);
    // Multiplexing headers are stripped.
    assert.ok(![...text].some((ch) => ch.charCodeAt(0) < 9), JSON.stringify(text));
  });

  test('memory: the swap rule as the engine enforces it', async (t) => {
    if (!(await requireDocker(t))) return;
    const image = await busyboxImage();
    const e = await engine();
    const c = await runContainer({
      Image: image,
      Cmd: ['sleep', '1000'],
      HostConfig: { Memory: 64 * MiB, MemorySwap: 128 * MiB },
    });
    const current = { memoryBytes: 64 * MiB, memorySwapBytes: 128 * MiB };
    // Our planner refuses 256m while memory-swap stays 128m ...
    assert.equal(planMemoryUpdate(current, 256 * MiB, { kind: 'keep' }).ok, false);
    // ... and so does the engine when only Memory is sent (the domain.md rule).
    await assert.rejects(c.update({ Memory: 256 * MiB }), /swap/i);
    // Both given: accepted and applied.
    const plan = planMemoryUpdate(current, 256 * MiB, { kind: 'no-swap' });
    assert.ok(plan.ok);
    if (!plan.ok) return;
    const applied = await applyMemoryUpdate(e.docker, c.id, plan);
    assert.ok(applied.ok, applied.ok ? '' : applied.message);
    const info = await c.inspect();
    assert.equal(info.HostConfig.Memory, 256 * MiB);
    assert.equal(info.HostConfig.MemorySwap, 256 * MiB);
    // No limit at all -> a limit with unlimited swap, like `docker update -m 2048m --memory-swap -1`.
    const open = await runContainer({ Image: image, Cmd: ['sleep', '1000'] });
    const unlimited = planMemoryUpdate({ memoryBytes: 0, memorySwapBytes: 0 }, 2048 * MiB, {
      kind: 'unlimited',
    });
    assert.ok(unlimited.ok);
    if (!unlimited.ok) return;
    assert.ok((await applyMemoryUpdate(e.docker, open.id, unlimited)).ok);
    const openInfo = await open.inspect();
    assert.equal(openInfo.HostConfig.Memory, 2048 * MiB);
    assert.equal(openInfo.HostConfig.MemorySwap, -1);
  });
});
