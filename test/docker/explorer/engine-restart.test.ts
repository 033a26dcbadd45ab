// The engine stopped and started again mid-session: the explorer reports the
// outage as a state and recovers on its own. This stops the machine's dockerd
// (SIGTERM, as systemctl stop does) and starts it again exactly as .ci/run does
// (`setsid dockerd --host unix:///var/run/docker.sock`); the restart happens in
// `finally` and again in `after`, so a failing assertion never leaves the engine down.
import { modelJudge } from '../../../src/runtime/containers/pid1';
// Only meaningful for the local default socket. Outside CI it skips when DOCKER_HOST points
// elsewhere or no dockerd can be found; in CI (CI=true, .ci/run) those are failures: the
// restart is part of what CI proves, a skip there would count an untested recovery as fine.
import { after, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, openSync, rmSync } from 'node:fs';
import Docker from 'dockerode';
import { busyboxImage, registerLabCleanup, requireDocker, runContainer, waitFor } from '../lab';
import { parseHost } from '../../../src/runtime/connection';
import { ExplorerModel } from '../../../src/runtime/live/model';
// The host's dockerd, not the lab's second engine beside it (that one has a pid file of its own).
import { dockerdPid } from '../../../src/runtime/explain/host';

registerLabCleanup();

const SOCKET = '/var/run/docker.sock';
const PID_FILE = '/var/run/docker.pid';

/** Outside CI a machine that cannot run this test skips it; in CI that is a failure. */
function cannotRun(t: TestContext, why: string): void {
  if (process.env.CI) throw new Error(`the engine-restart test must run in CI: ${why}`);
  t.skip(why);
}

async function engineAnswers(): Promise<boolean> {
  try {
    await new Docker({ socketPath: SOCKET }).ping();
    return true;
  } catch {
    return false;
  }
}

/** Start dockerd the way .ci/run does, unless one answers already; wait until it does. */
async function ensureEngineRunning(): Promise<void> {
  if (await engineAnswers()) return;
  if (!dockerdPid()) {
    rmSync(PID_FILE, { force: true });
    const log = openSync('/tmp/dockerd.log', 'a');
    const child = spawn('setsid', ['dockerd', '--host', `unix://${SOCKET}`], {
      detached: true,
      stdio: ['ignore', log, log],
    });
    child.unref();
  }
  for (let i = 0; i < 240; i++) {
    if (await engineAnswers()) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('dockerd did not come back within 120 s (see /tmp/dockerd.log)');
}

after(ensureEngineRunning);

describe('engine restart', () => {
  test('the explorer reports the outage and recovers when dockerd is back', async (t) => {
    if (!(await requireDocker(t))) return;
    if (process.env.DOCKER_HOST && process.env.DOCKER_HOST !== `unix://${SOCKET}`) {
      cannotRun(
        t,
        'DOCKER_HOST is not the local default socket: this test restarts the local dockerd',
      );
      return;
    }
    if (!dockerdPid()) {
      cannotRun(t, `no dockerd found (${PID_FILE} or /proc)`);
      return;
    }
    const image = await busyboxImage();
    const c = await runContainer({ Image: image, Cmd: ['sleep', '1000'] });
    const seen: string[] = [];
    const model = new ExplorerModel({
      resolveEndpoint: () => parseHost(`unix://${SOCKET}`, 'setting', undefined),
      allowExec: () => false,
      judge: modelJudge,
      session: { initialBackoffMs: 200, maxBackoffMs: 1000 },
    });
    model.onDidChange((change) => {
      if (change.kind === 'state') seen.push(model.state?.kind ?? 'connecting');
    });
    model.start();
    try {
      await waitFor(() => model.isLoaded && model.container(c.id), { timeoutMs: 15_000 });
      const pid = dockerdPid()!;
      process.kill(pid, 'SIGTERM');
      await waitFor(() => model.state?.kind !== 'connected' || undefined, { timeoutMs: 30_000 });
      assert.ok(
        ['not-running', 'restarting'].includes(model.state!.kind),
        `state while down: ${model.state!.kind}`,
      );
      assert.equal(model.containers().length, 0, 'no stale containers while the engine is down');
      await waitFor(() => !existsSync(`/proc/${pid}`), { timeoutMs: 60_000 });
      await ensureEngineRunning();
      // Recovered without any call from the test: the session reconnected on its own.
      const back = await waitFor(() => model.isLoaded && model.container(c.id), {
        timeoutMs: 30_000,
      });
      assert.equal(model.state?.kind, 'connected');
      // Without live-restore the daemon stopped the container on shutdown.
      assert.equal(back.running, false);
      t.diagnostic(`states seen: ${seen.join(' -> ')}`);
    } finally {
      model.dispose();
      await ensureEngineRunning();
    }
  });
});
