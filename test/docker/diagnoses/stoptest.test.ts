// The graceful-stop test against the real engine: a PID 1 that ignores SIGTERM, one
// behind tini, a STOPSIGNAL, a copy of a container, cancel, crashed-run leftovers.
import { modelJudge } from '../../../src/runtime/containers/pid1';
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { buildImage, busyboxImage, labDocker, requireDocker } from '../lab';
import {
  STOP_TEST_LABEL,
  STOP_TEST_OWNER_LABEL,
  runStopTest,
  sweepStopTestLeftovers,
} from '../../../src/runtime/stoptest';
import { main } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/io';
import { cleanupDiagnoses, runContainer } from './scenarios';

after(async () => {
  await cleanupDiagnoses();
});

async function leftovers(): Promise<number> {
  const mine = `${process.pid}@${hostname()}`;
  const list = await labDocker().listContainers({
    all: true,
    filters: { label: [STOP_TEST_LABEL] },
  });
  return list.filter((c) => c.Labels[STOP_TEST_OWNER_LABEL] === mine).length;
}

async function shellFormImage(): Promise<string> {
  return buildImage({ Dockerfile: `FROM ${await busyboxImage()}\nCMD echo up; sleep 1000\n` });
}

async function tiniImage(): Promise<string> {
  return buildImage({
    Dockerfile: `FROM ${await busyboxImage()}\nENTRYPOINT ["/sbin/tini", "--"]\nCMD ["sleep", "1000"]\n`,
  });
}

describe('stop-test', () => {
  test('a PID 1 without a SIGTERM handler is SIGKILLed after the timeout', async (t) => {
    const docker = await requireDocker(t);
    if (!docker) return;
    const r = await runStopTest(docker, await shellFormImage(), {
      timeoutSeconds: 2,
      local: true,
      judge: modelJudge,
    });
    assert.equal(r.kind, 'ok');
    if (r.kind !== 'ok') return;
    assert.equal(r.result.verdict, 'killed');
    assert.equal(r.result.exitCode, 137);
    assert.deepEqual(r.result.signalsSent, [15, 9]);
    assert.equal(r.result.pid1?.source, 'host-proc');
    assert.equal(r.result.pid1?.catchesStopSignal, false);
    assert.equal(r.result.pid1?.prediction.gracefulStop, false, 'the model predicted the kill');
    assert.ok((r.result.stopMs ?? 0) >= 2000, 'it waited out the grace period');
    assert.equal(await leftovers(), 0);
  });

  test('tini as PID 1 honours SIGTERM (exit 143) and catches it', async (t) => {
    const docker = await requireDocker(t);
    if (!docker) return;
    const r = await runStopTest(docker, await tiniImage(), {
      timeoutSeconds: 10,
      local: true,
      judge: modelJudge,
    });
    assert.equal(r.kind, 'ok');
    if (r.kind !== 'ok') return;
    assert.equal(r.result.verdict, 'graceful');
    assert.equal(r.result.exitCode, 143);
    assert.deepEqual(r.result.pid1?.argv, ['/sbin/tini', '--', 'sleep', '1000']);
    assert.equal(r.result.pid1?.catchesStopSignal, true);
    assert.equal(r.result.pid1?.prediction.gracefulStop, true, 'the model predicted the stop');
    assert.deepEqual(r.result.signalsSent, [15]);
    assert.equal(await leftovers(), 0);
  });

  test('a container: the copy keeps its stop signal and command; the original is untouched', async (t) => {
    const docker = await requireDocker(t);
    if (!docker) return;
    const original = await runContainer({
      Image: await busyboxImage(),
      Cmd: ['sh', '-c', "trap 'exit 0' INT; while :; do sleep 0.1; done"],
      StopSignal: 'SIGINT',
    } as never);
    const r = await runStopTest(docker, original.id, {
      timeoutSeconds: 5,
      local: true,
      judge: modelJudge,
    });
    assert.equal(r.kind, 'ok');
    if (r.kind !== 'ok') return;
    assert.equal(r.result.source.kind, 'container');
    assert.equal(r.result.config.stopSignal, 'SIGINT');
    assert.deepEqual(r.result.signalsSent, [2]);
    assert.equal(r.result.verdict, 'graceful');
    assert.equal(r.result.exitCode, 0);
    assert.equal((await original.inspect()).State.Running, true);
    assert.equal(await leftovers(), 0);
  });

  test('a container run with --init: the copy has docker-init too and stops gracefully', async (t) => {
    const docker = await requireDocker(t);
    if (!docker) return;
    const original = await runContainer(
      { Image: await busyboxImage(), Cmd: ['sleep', '1000'], HostConfig: { Init: true } },
      { start: false },
    );
    const r = await runStopTest(docker, original.id, {
      timeoutSeconds: 5,
      local: true,
      judge: modelJudge,
    });
    assert.equal(r.kind, 'ok');
    if (r.kind !== 'ok') return;
    assert.equal(r.result.config.init, true);
    assert.equal(r.result.pid1?.argv[0], '/sbin/docker-init');
    assert.equal(r.result.verdict, 'graceful');
    assert.equal(r.result.exitCode, 143);
  });

  test('a program that exits by itself is reported, not timed', async (t) => {
    const docker = await requireDocker(t);
    if (!docker) return;
    const image = await buildImage({
      Dockerfile: `FROM ${await busyboxImage()}\nCMD ["sh", "-c", "echo no database; exit 3"]\n`,
    });
    const r = await runStopTest(docker, image, {
      timeoutSeconds: 2,
      local: true,
      judge: modelJudge,
    });
    assert.equal(r.kind, 'ok');
    if (r.kind !== 'ok') return;
    assert.equal(r.result.verdict, 'exited-early');
    assert.equal(r.result.exitCode, 3);
    assert.deepEqual(r.result.logTail, ['no database']);
    assert.equal(await leftovers(), 0);
  });

  test('cancel during the stop removes the copy', async (t) => {
    const docker = await requireDocker(t);
    if (!docker) return;
    const abort = new AbortController();
    const r = await runStopTest(docker, await shellFormImage(), {
      timeoutSeconds: 60,
      local: true,
      judge: modelJudge,
      signal: abort.signal,
      onStep: (step) => {
        if (step === 'stop') setTimeout(() => abort.abort(), 300);
      },
    });
    assert.equal(r.kind, 'cancelled');
    assert.equal(await leftovers(), 0);
  });

  test("a crashed run's leftovers are swept; a live owner's are not", async (t) => {
    const docker = await requireDocker(t);
    if (!docker) return;
    const image = await busyboxImage();
    const dead = await docker.createContainer({
      Image: image,
      Cmd: ['sleep', '1000'],
      Labels: { [STOP_TEST_LABEL]: '1', [STOP_TEST_OWNER_LABEL]: `2147483600@${hostname()}` },
    });
    const live = await runContainer({
      Image: image,
      Cmd: ['sleep', '1000'],
      Labels: { [STOP_TEST_LABEL]: '1', [STOP_TEST_OWNER_LABEL]: `1@${hostname()}` },
    });
    await sweepStopTestLeftovers(docker);
    await assert.rejects(dead.inspect(), (e: { statusCode?: number }) => e.statusCode === 404);
    assert.ok(await live.inspect());
  });

  test('CLI: exit 1 for a SIGKILL verdict, 2 for an unknown image, JSON output', async (t) => {
    if (!(await requireDocker(t))) return;
    let stdout = '';
    let stderr = '';
    const io: CliIo = {
      stdout: (s) => (stdout += s),
      stderr: (s) => (stderr += s),
      readStdin: async () => '',
      cwd: process.cwd(),
      env: process.env,
    };
    assert.equal(
      await main(['stop-test', await shellFormImage(), '--timeout', '1', '--format', 'json'], io),
      1,
    );
    const j = JSON.parse(stdout) as { verdict: string; exitCode: number };
    assert.equal(j.verdict, 'killed');
    assert.equal(await main(['stop-test', 'cdoc-lab/no-such-image:nope'], io), 2);
    assert.match(stderr, /No container or local image named 'cdoc-lab\/no-such-image:nope'/);
  });
});
