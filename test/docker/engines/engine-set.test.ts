// Several engines live at once, for real: the host engine, the lab's second engine and a
// dockerd of this test's own making (its own --data-root, --exec-root, --pidfile, socket and
// containerd namespace; no bridge, no iptables), each with its own session. Killing the
// test's own engine mid-session leaves the others live (their events still arrive), the dead
// one says so, and it comes back by itself when started again. The lab's engines are never
// stopped.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Docker from 'dockerode';
import { modelJudge } from '../../../src/runtime/containers/pid1';
import { parseHost, type Engine } from '../../../src/runtime/connection';
import { EngineSet } from '../../../src/runtime/live/engines';
import { busyboxImage, labDocker, waitFor } from '../lab';
import {
  copyImage,
  engine2,
  ENGINE2_SOCKET,
  ENGINES_LABEL,
  removeLabelled,
  requireLabEngines,
} from './engines-lab';

/** The test's own engine lives here (the brief's place for it), removed at the end. */
const ROOT = `/var/lib/cd-lab/engines-test-${process.pid}`;
const SOCKET = join(ROOT, 'docker.sock');
const PIDFILE = join(ROOT, 'docker.pid');

/**
 * Its own bridge: a dockerd started with --bridge=none deletes the host's docker0 on start
 * (moby's removeDefaultBridgeInterface), which would cut every later container off the
 * network. Interface names are at most 15 characters.
 */
const BRIDGE = `cdeng${process.pid % 100_000}`;

let daemon: ChildProcess | undefined;

function ip(...args: string[]): void {
  const r = spawnSync('ip', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ip ${args.join(' ')}: ${r.stderr}`);
}

/** Start the test's own dockerd and wait until it answers. */
async function startOwnEngine(): Promise<void> {
  mkdirSync(ROOT, { recursive: true });
  if (spawnSync('ip', ['link', 'show', BRIDGE]).status !== 0) {
    ip('link', 'add', BRIDGE, 'type', 'bridge');
    ip('addr', 'add', '172.30.99.1/24', 'dev', BRIDGE);
  }
  ip('link', 'set', BRIDGE, 'up');
  const log = openSync(join(ROOT, 'dockerd.log'), 'a');
  daemon = spawn(
    'dockerd',
    [
      '--data-root',
      join(ROOT, 'data'),
      '--exec-root',
      join(ROOT, 'exec'),
      '--pidfile',
      PIDFILE,
      '--host',
      `unix://${SOCKET}`,
      // Not the host's containerd namespace, network or NAT rules.
      '--containerd-namespace',
      `cdoc-engines-${process.pid}`,
      '--containerd-plugins-namespace',
      `cdoc-engines-${process.pid}-plugins`,
      '--bridge',
      BRIDGE,
      '--iptables=false',
      '--ip-masq=false',
    ],
    { stdio: ['ignore', log, log] },
  );
  const own = new Docker({ socketPath: SOCKET });
  await waitFor(() => own.ping().then(() => true), { timeoutMs: 90_000, intervalMs: 500 });
}

/** Kill the test's own dockerd and its containerd (SIGKILL: a crash, not a clean stop). */
async function killOwnEngine(): Promise<void> {
  const d = daemon;
  if (!d || d.exitCode !== null) return;
  const exited = new Promise((resolve) => d.once('exit', resolve));
  const containerdPid = Number(
    readOptional(join(ROOT, 'exec', 'containerd', 'containerd.pid')) ?? '0',
  );
  d.kill('SIGKILL');
  await exited;
  // Its containerd too: a fresh start then begins from nothing, as after a host crash.
  if (containerdPid > 0)
    try {
      process.kill(containerdPid, 'SIGKILL');
    } catch {
      // already gone
    }
  rmSync(join(ROOT, 'exec'), { recursive: true, force: true });
  daemon = undefined;
}

function readOptional(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
}

const engine = (name: string, socketPath: string, current = false): Engine => ({
  name,
  endpoint: parseHost(`unix://${socketPath}`, 'context', undefined),
  source: 'context',
  current,
});

let engines: EngineSet | undefined;

before(async () => {
  await requireLabEngines();
  await startOwnEngine();
});

after(async () => {
  engines?.dispose();
  await removeLabelled(labDocker());
  await removeLabelled(engine2());
  await killOwnEngine();
  spawnSync('ip', ['link', 'del', BRIDGE]);
  // dockerd makes its data root a private mount; it outlives a killed daemon.
  spawnSync('umount', [join(ROOT, 'data')]);
  rmSync(ROOT, { recursive: true, force: true, maxRetries: 3 });
});

test('one engine killed mid-session: the others stay live, it says so and comes back by itself', async () => {
  engines = new EngineSet({
    discover: () => [
      engine('default', '/var/run/docker.sock', true),
      engine('engine2', ENGINE2_SOCKET),
      engine('spare', SOCKET),
    ],
    selection: () => 'all',
    model: {
      allowExec: () => false,
      judge: modelJudge,
      // Short back-off so the test need not wait 30 s; the extension keeps the default.
      session: { maxBackoffMs: 2000 },
    },
  });
  engines.start();
  await engines.ready();
  assert.deepEqual(
    engines.engines().map((l) => l.engine.name),
    ['default', 'engine2', 'spare'],
  );
  const model = (name: string) => engines!.get(name)!.model;
  await waitFor(() => engines!.engines().every((l) => l.model.isLoaded), { timeoutMs: 60_000 });

  await killOwnEngine();
  const down = await waitFor(
    () => {
      const s = model('spare').state;
      return s && s.kind !== 'connected' ? s : undefined;
    },
    { timeoutMs: 30_000 },
  );
  assert.ok(['not-running', 'restarting', 'unreachable'].includes(down.kind), down.kind);
  assert.match(down.message, /docker\.sock/);
  assert.equal(model('default').state?.kind, 'connected');
  assert.equal(model('engine2').state?.kind, 'connected');

  // The others still follow their events: a container made now appears in their models.
  const image = await busyboxImage();
  await copyImage(labDocker(), engine2(), image);
  const labels = { [ENGINES_LABEL]: String(process.pid) };
  const onHost = await labDocker().createContainer({ Image: image, Cmd: ['true'], Labels: labels });
  const on2 = await engine2().createContainer({ Image: image, Cmd: ['true'], Labels: labels });
  await waitFor(() => model('default').container(onHost.id), { timeoutMs: 15_000 });
  await waitFor(() => model('engine2').container(on2.id), { timeoutMs: 15_000 });
  assert.notEqual(model('spare').state?.kind, 'connected');

  // Started again by someone else: the session notices and loads it, nobody asks it to.
  await startOwnEngine();
  await waitFor(() => model('spare').state?.kind === 'connected' && model('spare').isLoaded, {
    timeoutMs: 30_000,
  });
  assert.equal(model('default').state?.kind, 'connected');
});
