// Process trees against the real engine: a PID 1 that never reaps, with a known
// number of orphaned children, seen from every source; the same workload under
// tini; a container removed while its tree is read; the ps CLI contract.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { busyboxImage, registerLabCleanup, requireDocker, runContainer, waitFor } from '../lab';
import { connectFromEnvironment, type EngineState } from '../../../src/runtime/connection';
import {
  buildProcessTree,
  childrenForDisplay,
  followPidsCurrent,
  readProcesses,
  type ProcessSnapshot,
} from '../../../src/runtime/processes';
import { runCliInProcess } from '../run-cli-in-process';

registerLabCleanup();

const ORPHANS = 7;
// Each (sleep 0.2 &) subshell exits at once, orphaning its sleep to PID 1; PID 1 then
// becomes `sleep 1000`, which never calls wait(): 7 zombies with PID 1 as parent.
const orphanScript = `for i in $(seq ${ORPHANS}); do (sleep 0.2 &); done; exec sleep 1000`;

async function engine(): Promise<Extract<EngineState, { kind: 'connected' }>> {
  const s = await connectFromEnvironment();
  assert.equal(s.kind, 'connected', s.kind !== 'connected' ? s.message : '');
  return s as Extract<EngineState, { kind: 'connected' }>;
}

async function snapshotFrom(
  id: string,
  source: 'host-proc' | 'api' | 'exec',
): Promise<ProcessSnapshot> {
  const e = await engine();
  const r = await readProcesses(e.docker, e.version, id, { source, allowExec: source === 'exec' });
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  return (r as { ok: true; snapshot: ProcessSnapshot }).snapshot;
}

describe('a PID 1 that never reaps', () => {
  test(`${ORPHANS} orphaned children: exact count and parent from host /proc, API and exec`, async (t) => {
    if (!(await requireDocker(t))) return;
    const image = await busyboxImage();
    const c = await runContainer({ Image: image, Cmd: ['sh', '-c', orphanScript] });
    // Wait until all sleeps exited (0.2 s) and the host shows them as zombies.
    const host = await waitFor(
      async () => {
        const s = await snapshotFrom(c.id, 'host-proc');
        return s.zombies.count === ORPHANS ? s : undefined;
      },
      { timeoutMs: 10_000 },
    );
    assert.equal(host.source, 'host-proc');
    assert.deepEqual(host.pid1, { pid: 1, command: 'sleep 1000' });
    assert.deepEqual(host.zombies.parents, [{ pid: 1, command: 'sleep 1000', count: ORPHANS }]);
    assert.equal(host.processes.filter((p) => p.state === 'Z').length, ORPHANS);
    assert.ok(host.processes.filter((p) => p.state === 'Z').every((p) => p.ppid === 1));

    const api = await snapshotFrom(c.id, 'api');
    // Measured on cgroup v1: top omits zombies, pids_stats.current still counts them.
    assert.equal(api.processes.length, 1);
    assert.equal(api.pidsCurrent, ORPHANS + 1);
    assert.equal(api.zombies.count, ORPHANS);
    assert.equal(api.zombies.unattributed, ORPHANS);

    // A followed stats stream gives the same count without a one-shot stats per refresh.
    const e0 = await engine();
    const follower = await followPidsCurrent(e0.docker.getContainer(c.id));
    try {
      await follower.ready;
      assert.equal(follower.pidsCurrent, ORPHANS + 1);
      const streamed = await readProcesses(e0.docker, e0.version, c.id, {
        source: 'api',
        pidsCurrent: follower.pidsCurrent,
      });
      assert.ok(streamed.ok && streamed.snapshot.zombies.unattributed === ORPHANS);
    } finally {
      follower.stop();
    }

    const viaExec = await snapshotFrom(c.id, 'exec');
    assert.deepEqual(viaExec.zombies.parents, [{ pid: 1, command: 'sleep 1000', count: ORPHANS }]);
    assert.deepEqual(
      viaExec.processes.map((p) => [p.pid, p.ppid, p.state]),
      host.processes.map((p) => [p.pid, p.ppid, p.state]),
    );

    // Default source order picks host /proc for a local engine.
    const e = await engine();
    assert.equal(e.version.local, true);
    const auto = await readProcesses(e.docker, e.version, c.id);
    assert.ok(auto.ok && auto.snapshot.source === 'host-proc');

    // The CLI prints the JSON contract.
    const cli = await runCliInProcess(['ps', c.id.slice(0, 12), '--format', 'json']);
    assert.equal(cli.code, 0, cli.err);
    const json = JSON.parse(cli.out) as Record<string, unknown>;
    assert.deepEqual(Object.keys(json), ['container', 'source', 'pid1', 'processes', 'zombies']);
    assert.deepEqual(json.zombies, {
      count: ORPHANS,
      parents: [{ pid: 1, command: 'sleep 1000', count: ORPHANS }],
    });
    assert.deepEqual(Object.keys((json.processes as object[])[0]), [
      'pid',
      'ppid',
      'state',
      'command',
      'threads',
    ]);
  });

  test('the same workload under tini: zero zombies from every source', async (t) => {
    if (!(await requireDocker(t))) return;
    const image = await busyboxImage();
    const c = await runContainer({
      Image: image,
      Entrypoint: ['/sbin/tini', '--'],
      Cmd: ['sh', '-c', orphanScript],
    });
    // Give the orphans time to exit (0.2 s) and tini time to reap them.
    await new Promise((r) => setTimeout(r, 1000));
    const host = await snapshotFrom(c.id, 'host-proc');
    assert.match(host.pid1?.command ?? '', /^\/sbin\/tini -- sh -c/);
    assert.equal(host.zombies.count, 0);
    assert.equal(host.processes.length, 2); // tini and sleep 1000
    const api = await snapshotFrom(c.id, 'api');
    assert.equal(api.zombies.count, 0);
    assert.equal(api.pidsCurrent, 2);
    const viaExec = await snapshotFrom(c.id, 'exec');
    assert.equal(viaExec.zombies.count, 0);
  });
});

describe('10,000 zombies', () => {
  test('counted exactly from host /proc and the API, the tree capped, the event loop free', async (t) => {
    if (!(await requireDocker(t))) return;
    const image = await busyboxImage();
    // A loop in a background subshell orphans 10,000 sleeps to PID 1 (sleep), which
    // never reaps; the loop shell itself ends as one more zombie: 10,001.
    const c = await runContainer({
      Image: image,
      Cmd: [
        'sh',
        '-c',
        '(i=0; while [ $i -lt 10000 ]; do (sleep 0 &); i=$((i+1)); done) & exec sleep 1000',
      ],
    });
    const e = await engine();
    await waitFor(
      async () => {
        const stats = (await c.stats({ stream: false })) as { pids_stats?: { current?: number } };
        return (stats.pids_stats?.current ?? 0) >= 10_002;
      },
      { timeoutMs: 120_000, intervalMs: 1000 },
    );
    let maxLagMs = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      maxLagMs = Math.max(maxLagMs, now - last - 10);
      last = now;
    }, 10);
    const host = await readProcesses(e.docker, e.version, c.id, { source: 'host-proc' });
    clearInterval(ticker);
    assert.ok(host.ok);
    if (!host.ok) return;
    assert.equal(host.snapshot.zombies.count, 10_001);
    assert.deepEqual(host.snapshot.zombies.parents, [
      { pid: 1, command: 'sleep 1000', count: 10_001 },
    ]);
    const [root] = buildProcessTree(host.snapshot.processes, 1);
    const shown = childrenForDisplay(root, 100);
    assert.equal(shown.shown.length, 100);
    assert.equal(shown.hidden, 9_901);
    // Reported, not asserted (no timed assertions): host reads go through the thread pool.
    t.diagnostic(`max event-loop lag while reading 10,002 processes: ${Math.round(maxLagMs)} ms`);
    const api = await readProcesses(e.docker, e.version, c.id, { source: 'api' });
    assert.ok(
      api.ok &&
        api.snapshot.zombies.count === 10_001 &&
        api.snapshot.zombies.unattributed === 10_001,
    );
    await c.remove({ force: true });
  });
});

describe('errors are values', () => {
  test('a container removed while its tree is read: no error escapes', async (t) => {
    const docker = await requireDocker(t);
    if (!docker) return;
    const image = await busyboxImage();
    const e = await engine();
    const outcomes = new Map<string, number>();
    for (let round = 0; round < 5; round++) {
      const c = await runContainer({ Image: image, Cmd: ['sh', '-c', orphanScript] });
      const info = await c.inspect();
      const reads = (['host-proc', 'api', 'exec'] as const).map((source) =>
        readProcesses(e.docker, e.version, c.id, {
          source,
          allowExec: true,
          // Reuse the inspect result, as the explorer does, so the read races the removal.
          inspected: info,
        }),
      );
      const removal = c.remove({ force: true }).catch((err: { statusCode?: number }) => {
        // Another run's lab cleanup may be removing it already.
        if (err.statusCode !== 404 && err.statusCode !== 409) throw err;
      });
      const results = await Promise.all(reads);
      await removal;
      for (const r of results) {
        const key = r.ok ? `ok:${r.snapshot.source}` : `error:${r.error.kind}`;
        if (!r.ok && r.error.kind === 'unavailable') t.diagnostic(r.error.message);
        outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
      }
    }
    const total = [...outcomes.values()].reduce((a, b) => a + b, 0);
    assert.equal(total, 15);
    t.diagnostic(`outcomes: ${JSON.stringify(Object.fromEntries(outcomes))}`);
    // After the removal, a fresh read says the container is gone.
    const after = await readProcesses(e.docker, e.version, 'cdoc-no-such-container-xyz');
    assert.deepEqual(after.ok ? 'ok' : after.error.kind, 'not-found');
  });

  test('ps: unknown container is a clear message and exit 2; a stopped one exit 3', async (t) => {
    if (!(await requireDocker(t))) return;
    const unknown = await runCliInProcess(['ps', 'cdoc-no-such-container-xyz']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /No such container: cdoc-no-such-container-xyz/);
    const image = await busyboxImage();
    const c = await runContainer({ Image: image, Cmd: ['true'] });
    await c.wait();
    const stopped = await runCliInProcess(['ps', c.id]);
    assert.equal(stopped.code, 3);
    assert.match(stopped.err, /is not running/);
  });
});
