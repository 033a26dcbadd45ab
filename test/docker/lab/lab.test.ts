// Smoke test of the lab itself: both base images build (or are found) and run, and the
// measurements the other Docker tests rely on (PID 1 from the host's /proc, timed stop)
// report what the engine did.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import {
  LAB_IMAGE_PREFIX,
  LAB_LABEL,
  buildImage,
  cleanupLab,
  busyboxImage,
  containerLogs,
  containerProcesses,
  debianImage,
  labDocker,
  pid1Argv,
  registerLabCleanup,
  requireDocker,
  runContainer,
  timedStop,
  waitFor,
} from '../lab';

registerLabCleanup();

describe('lab', () => {
  test('busybox image: ash as sh, tini at /sbin/tini; an exec-form sleep ignores TERM', async (t) => {
    if (!(await requireDocker(t))) return;
    const image = await busyboxImage();
    assert.ok(image.startsWith(`${LAB_IMAGE_PREFIX}busybox:`), image);
    const c = await runContainer({ Image: image, Cmd: ['sleep', '1000'] });
    assert.deepEqual(await pid1Argv(c), ['sleep', '1000']);
    const info = await c.inspect();
    assert.equal(info.Config.Labels[LAB_LABEL], '1');
    // sleep as PID 1 has no TERM handler: the kernel ignores TERM for PID 1, KILL after 1 s.
    const stop = await timedStop(c, 1);
    assert.equal(stop.exitCode, 137);
    assert.ok(stop.ms >= 900, `stop took ${stop.ms} ms`);
    assert.equal(stop.oomKilled, false);
  });

  test('busybox image: tini as PID 1 stops its child with TERM at once', async (t) => {
    if (!(await requireDocker(t))) return;
    const c = await runContainer({
      Image: await busyboxImage(),
      Entrypoint: ['/sbin/tini', '--'],
      Cmd: ['sleep', '1000'],
    });
    assert.deepEqual(await pid1Argv(c), ['/sbin/tini', '--', 'sleep', '1000']);
    const procs = await waitFor(async () => {
      const p = await containerProcesses(c);
      return p.length === 2 && p;
    });
    assert.deepEqual(procs[1].argv, ['sleep', '1000']);
    const stop = await timedStop(c, 3);
    assert.equal(stop.exitCode, 143);
    assert.ok(stop.ms < 1000, `stop took ${stop.ms} ms`);
  });

  test('debian image: dash, bash, tini, python3, java, node and npm are there', async (t) => {
    if (!(await requireDocker(t))) return;
    const image = await debianImage();
    assert.ok(image.startsWith(`${LAB_IMAGE_PREFIX}debian:`), image);
    const script = [
      'readlink -f /bin/sh',
      'for p in bash tini python3 java node npm; do command -v $p; done',
      'node -e "console.log(process.version)"',
      'npm --version',
      'python3 -c "print(1+1)"',
      'java -version 2>&1 | head -1',
    ].join('\n');
    const c = await runContainer({ Image: image, Cmd: ['sh', '-ec', script] }, { start: false });
    await c.start();
    const status = (await c.wait()) as { StatusCode: number };
    const logs = await containerLogs(c);
    assert.equal(status.StatusCode, 0, logs);
    assert.match(logs, /\/usr\/bin\/dash/);
    for (const bin of [
      '/usr/bin/bash',
      '/usr/bin/tini',
      '/usr/bin/python3',
      '/usr/bin/java',
      '/usr/local/bin/node',
      '/usr/local/bin/npm',
    ])
      assert.ok(logs.includes(bin), `${bin} missing:\n${logs}`);
    assert.ok(logs.includes(process.version), logs);
    assert.match(logs, /openjdk version "17/);
  });

  test('buildImage: an in-memory context builds once per content, and a failing build throws its log', async (t) => {
    if (!(await requireDocker(t))) return;
    const base = await busyboxImage();
    const files = {
      Dockerfile: `FROM ${base}\nCOPY run.sh /run.sh\nCMD ["/run.sh"]\n`,
      'run.sh': '#!/bin/sh\nexec sleep 1000\n',
    };
    const tag = await buildImage(files);
    assert.equal(await buildImage(files), tag);
    const c = await runContainer({ Image: tag });
    assert.deepEqual(await pid1Argv(c), ['sleep', '1000']);
    await c.remove({ force: true });
    await assert.rejects(
      buildImage({ Dockerfile: `FROM ${base}\nRUN ["/bin/false-does-not-exist"]\n` }),
      /docker build .* failed/,
    );
    await labDocker().ping();
  });

  test("cleanupLab removes this run's and dead runs' containers, not those of live runs", async (t) => {
    if (!(await requireDocker(t))) return;
    const d = labDocker();
    const image = await busyboxImage();
    const make = (ownerLabel: string) =>
      d.createContainer({
        Image: image,
        Cmd: ['true'],
        Labels: { [LAB_LABEL]: '1', [`${LAB_LABEL}.owner`]: ownerLabel },
      });
    // The parent process (the test runner) is alive; pid 2**22 + 1 is above pid_max.
    const live = await make(`${hostname()}:${process.ppid}`);
    const dead = await make(`${hostname()}:${2 ** 22 + 1}`);
    const mine = await runContainer({ Image: image, Cmd: ['true'] }, { start: false });
    try {
      await cleanupLab();
      const left = new Set(
        (await d.listContainers({ all: true, filters: { label: [LAB_LABEL] } })).map((c) => c.Id),
      );
      assert.ok(left.has(live.id), "a live run's container was removed");
      assert.ok(!left.has(dead.id), "a dead run's container was left");
      assert.ok(!left.has(mine.id), "this run's container was left");
    } finally {
      await live.remove({ force: true });
    }
  });
});
