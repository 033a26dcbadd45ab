// The host audit against real containers: each finding from a container made to have it,
// and a well-configured container that must have none.
import { modelJudge } from '../../../src/runtime/containers/pid1';
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { busyboxImage, labDocker, requireDocker, waitFor } from '../lab';
import { auditHost, type AuditReport } from '../../../src/runtime/audit';
import { main } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/io';
import { cleanupDiagnoses, runContainer, scenarios } from './scenarios';

after(async () => {
  await cleanupDiagnoses();
});

const MiB = 1024 * 1024;

function findingsOf(report: AuditReport, id: string): string[] {
  const c = report.containers.find((x) => x.id === id);
  assert.ok(c, `container ${id.slice(0, 12)} is in the report`);
  return c.findings.map((f) => f.id).sort();
}

test('audit: limits, PID 1, zombies, restart loop, OOM kills — and a clean container', async (t) => {
  const docker = await requireDocker(t);
  if (!docker) return;
  const image = await busyboxImage();
  const info = (await docker.info()) as { MemTotal: number };

  const clean = await runContainer({
    Image: image,
    Entrypoint: ['/sbin/tini', '--'],
    Cmd: ['sleep', '1000'],
    HostConfig: { Memory: 64 * MiB, PidsLimit: 100 },
  });
  const shell = await runContainer({ Image: image, Cmd: ['sh', '-c', 'echo up; sleep 1000'] });
  const zombies = await runContainer({
    Image: image,
    // docker-lab.md's zombie maker: orphans re-parented to a PID 1 that never waits.
    Cmd: ['sh', '-c', 'for i in 1 2 3 4 5 6; do (sleep 0.2 &); done; exec sleep 1000'],
    HostConfig: { Memory: 64 * MiB, PidsLimit: 100 },
  });
  const looping = await runContainer({
    Image: image,
    Cmd: ['sh', '-c', 'echo crash >&2; exit 1'],
    HostConfig: {
      Memory: 64 * MiB,
      PidsLimit: 100,
      RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 4 },
    },
  });
  const huge = await runContainer({
    Image: image,
    Entrypoint: ['/sbin/tini', '--'],
    Cmd: ['sleep', '1000'],
    HostConfig: { Memory: info.MemTotal + 1024 * MiB, PidsLimit: 100 },
  });
  const oom = (await scenarios['oom-killed']()).container;
  await waitFor(async () => (await looping.inspect()).RestartCount >= 3, { timeoutMs: 30_000 });
  // The orphans have exited and wait as zombies: PID 1 plus 6 zombies in pids_stats.
  await waitFor(
    async () => {
      const st = (await zombies.stats({ stream: false })) as { pids_stats?: { current?: number } };
      return (st.pids_stats?.current ?? 0) >= 7;
    },
    { timeoutMs: 20_000 },
  );

  const r = await auditHost(docker, { local: true, judge: modelJudge });
  // The same audit counting zombies through the Engine API (what a remote engine allows)
  // finds the same things.
  const viaApi = await auditHost(docker, { local: true, zombieSource: 'api', judge: modelJudge });
  assert.equal(viaApi.kind, 'ok');
  assert.equal(r.kind, 'ok');
  if (r.kind !== 'ok') return;
  const report = r.report;

  assert.deepEqual(findingsOf(report, clean.id), []);
  // BusyBox ash execs `sleep 1000`: the running PID 1 is sleep, which neither handles
  // SIGTERM nor reaps (the explorer's badges and `ps` say the same of it).
  assert.deepEqual(findingsOf(report, shell.id), [
    'no-memory-limit',
    'no-pids-limit',
    'pid1-ignores-sigterm',
    'pid1-no-reap',
  ]);
  assert.deepEqual(
    report.containers.find((c) => c.id === shell.id)?.pid1,
    ['sleep', '1000'],
    'the measured PID 1',
  );
  assert.ok(findingsOf(report, zombies.id).includes('zombies'));
  const z = report.containers
    .find((c) => c.id === zombies.id)
    ?.findings.find((f) => f.id === 'zombies');
  assert.match(z?.message ?? '', /^6 zombie/);
  if (viaApi.kind === 'ok')
    for (const c of [clean, shell, zombies])
      assert.deepEqual(findingsOf(viaApi.report, c.id), findingsOf(report, c.id));
  assert.ok(findingsOf(report, looping.id).includes('restart-loop'));
  assert.ok(findingsOf(report, oom.id).includes('oom-killed'));
  assert.equal(report.host.memTotal, info.MemTotal);
  assert.ok(report.host.sumOfLimits >= info.MemTotal + 1024 * MiB + 2 * 64 * MiB);
  assert.equal(report.host.overcommitted, true, JSON.stringify(report.host));
  const setLimit = report.containers
    .find((c) => c.id === shell.id)
    ?.findings.find((f) => f.id === 'no-memory-limit')?.actions[0];
  assert.equal(setLimit?.kind, 'set-memory-limit');
  assert.match(setLimit?.command ?? '', /^docker update --memory \S+ --memory-swap -1 /);
  await huge.remove({ force: true });

  let out = '';
  const io: CliIo = {
    stdout: (s) => (out += s),
    stderr: () => undefined,
    readStdin: async () => '',
    cwd: process.cwd(),
    env: process.env,
  };
  assert.equal(await main(['audit', '--format', 'json'], io), 1);
  const j = JSON.parse(out) as AuditReport;
  assert.ok(j.containers.some((c) => c.id === shell.id));
  await labDocker().getContainer(looping.id).remove({ force: true });
});
