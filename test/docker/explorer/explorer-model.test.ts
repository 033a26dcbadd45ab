// The explorer's model against the real engine, through a counting proxy socket:
// containers appear and disappear within a second of their events, each event
// costs one inspect (no polling), idle costs zero calls, expanded trees carry
// zombie counts; and the socket-permission state.
import { modelJudge } from '../../../src/runtime/containers/pid1';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type Docker from 'dockerode';
import {
  busyboxImage,
  labDocker,
  registerLabCleanup,
  requireDocker,
  runContainer,
  waitFor,
} from '../lab';
import { parseHost } from '../../../src/runtime/connection';
import { ExplorerModel } from '../../../src/runtime/live/model';
import { startCountingProxy, type CountingProxy } from './counting-proxy';

registerLabCleanup();

let proxy: CountingProxy | undefined;
let model: ExplorerModel | undefined;

before(async () => {
  try {
    await labDocker().ping();
  } catch {
    return; // requireDocker in each test skips or fails
  }
  proxy = await startCountingProxy();
  const endpoint = parseHost(`unix://${proxy.socketPath}`, 'setting', undefined);
  model = new ExplorerModel({
    resolveEndpoint: () => endpoint,
    allowExec: () => false,
    judge: modelJudge,
  });
  model.start();
  await waitFor(() => model!.isLoaded, { timeoutMs: 15_000 });
});

after(async () => {
  model?.dispose();
  await proxy?.close();
});

/** Container ids that had events in [sinceSec, untilSec], from the engine itself. */
async function containersWithEvents(
  docker: Docker,
  sinceSec: number,
  untilSec: number,
): Promise<Set<string>> {
  const raw = (await docker.getEvents({
    since: sinceSec,
    until: untilSec,
    filters: { type: ['container'] },
  })) as unknown;
  const chunks: Buffer[] = [];
  for await (const c of raw as AsyncIterable<Buffer>) chunks.push(Buffer.from(c));
  const text = Buffer.concat(chunks).toString('utf8');
  const ids = new Set<string>();
  for (const line of text.split('\n'))
    if (line.trim()) ids.add((JSON.parse(line) as { Actor: { ID: string } }).Actor.ID);
  return ids;
}

describe('explorer model on the real engine', () => {
  test('create, start, die, destroy: the tree follows events within a second, one inspect each', async (t) => {
    const docker = await requireDocker(t);
    if (!docker || !model || !proxy) return;
    const m = model;
    assert.equal(m.state?.kind, 'connected');
    const image = await busyboxImage();

    proxy.reset();
    const c = await runContainer(
      {
        Image: image,
        Cmd: ['sh', '-c', 'for i in 1 2 3; do (sleep 0.2 &); done; exec sleep 1000'],
        Labels: { 'com.docker.compose.project': 'cdoc-explorer-test' },
      },
      { start: false },
    );
    const created = await waitFor(() => m.container(c.id), { timeoutMs: 1000 });
    assert.equal(created.running, false);
    assert.equal(created.composeProject, 'cdoc-explorer-test');
    // Event-driven: the model fetched only this container, never the whole list.
    assert.ok(!proxy.requests.some((r) => /\/containers\/json/.test(r)), proxy.requests.join('\n'));

    await c.start();
    const started = await waitFor(() => m.container(c.id)?.running && m.container(c.id), {
      timeoutMs: 1000,
    });
    assert.ok(started.pid > 0);
    assert.ok(m.groups().some((g) => g.project === 'cdoc-explorer-test'));

    // Expanding reads the process tree; zombies show on the badge with their source.
    const tree = await waitFor(
      async () => {
        const p = await m.loadProcesses(c.id, 0);
        return p?.result.ok && p.result.snapshot.zombies.count === 3 ? p : undefined;
      },
      { timeoutMs: 5000 },
    );
    assert.ok(tree.result.ok);
    assert.equal(tree.roots[0].row.pid, 1);
    assert.equal(tree.roots[0].unreapedChildren, 3);
    const zombieBadge = m.badges(c.id).find((b) => b.kind === 'zombies');
    assert.equal(zombieBadge?.label, '3 zombies');
    assert.match(zombieBadge?.tooltip ?? '', /host \/proc/);
    const pid1 = m.pid1(c.id);
    assert.deepEqual([pid1?.basis, pid1?.handlesSigterm], ['host-proc', 'no']);

    await c.kill();
    await waitFor(() => m.container(c.id)?.status === 'exited', { timeoutMs: 1000 });
    assert.equal(m.container(c.id)?.exitCode, 137);
    assert.equal(m.cachedProcesses(c.id), undefined);

    await c.remove({ force: true });
    await waitFor(() => m.container(c.id) === undefined || undefined, { timeoutMs: 1000 });
    assert.ok(!m.groups().some((g) => g.project === 'cdoc-explorer-test'));
  });

  test('idle: no Engine API calls (except one inspect per container that had events)', async (t) => {
    const docker = await requireDocker(t);
    if (!docker || !model || !proxy) return;
    await new Promise((r) => setTimeout(r, 300)); // let earlier debounced inspects land
    proxy.reset();
    const since = Math.floor(Date.now() / 1000);
    await new Promise((r) => setTimeout(r, 5000));
    const until = Math.ceil(Date.now() / 1000);
    const requests = [...proxy.requests];
    // Other processes on this engine (a parallel run) may cause events; those may
    // each cost one inspect. Nothing else is allowed: no list, no top, no stats, no ping.
    const busy = await containersWithEvents(docker, since, until);
    const unexplained = requests.filter((r) => {
      const m = /^GET \/v[\d.]+\/containers\/([0-9a-f]{64})\/json$/.exec(r);
      return !m || !busy.has(m[1]);
    });
    t.diagnostic(
      `requests while idle for 5 s: ${requests.length}; containers with events: ${busy.size}`,
    );
    assert.deepEqual(unexplained, []);
    if (busy.size === 0) assert.equal(requests.length, 0);
  });
});

describe('connection states', () => {
  test('an unreadable socket is the permission-denied state with the docker group remedy', async (t) => {
    if (!(await requireDocker(t))) return;
    // A non-root uid (nobody) cannot open the root:docker 0660 socket.
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(__dirname, 'connect-child.ts')],
      {
        uid: 65534,
        gid: 65534,
        env: { PATH: process.env.PATH, HOME: '/tmp' },
        encoding: 'utf8',
        timeout: 30_000,
      },
    );
    assert.equal(r.status, 0, r.stderr);
    const state = JSON.parse(r.stdout) as { kind: string; remedy?: string };
    assert.equal(state.kind, 'permission-denied');
    assert.match(state.remedy ?? '', /docker group/);
  });

  test('a socket path with nothing behind it is not-running; a closed TCP port is unreachable', async (t) => {
    if (!(await requireDocker(t))) return;
    const { connect } = await import('../../../src/runtime/connection');
    const none = await connect(parseHost('unix:///tmp/cdoc-no-engine.sock', 'setting', undefined));
    assert.equal(none.kind, 'not-running');
    const tcp = await connect(parseHost('tcp://127.0.0.1:1', 'setting', undefined));
    assert.equal(tcp.kind, 'unreachable');
  });
});
