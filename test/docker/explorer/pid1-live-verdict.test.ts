// The live PID 1 verdict of real running containers (what the explorer and `ps --format
// json` show, from host /proc) equals what `docker stop` then does, and what `lint` says of
// a Dockerfile that runs the same command on the same kind of base image.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  busyboxImage,
  debianImage,
  registerLabCleanup,
  requireDocker,
  runContainer,
  timedStop,
  waitFor,
} from '../lab';
import { connectFromEnvironment } from '../../../src/runtime/connection';
import { inspectView } from '../../../src/runtime/containers';
import { liveJudgement } from '../../../src/runtime/containers/pid1';
import { analyzeDockerfile } from '../../../src/analysis/dockerfile/analyze';
import { noBuildContext, type RuntimeVerdict } from '../../../src/analysis/types';
import { runCliInProcess } from '../run-cli-in-process';

registerLabCleanup();

async function psVerdict(id: string): Promise<RuntimeVerdict> {
  const { code, out, err } = await runCliInProcess(['ps', id, '--format', 'json']);
  assert.equal(code, 0, err);
  const verdict = (JSON.parse(out) as { pid1: { verdict: RuntimeVerdict } | null }).pid1?.verdict;
  assert.ok(verdict, 'ps --format json carries pid1.verdict');
  return verdict;
}

interface Case {
  name: string;
  base: 'debian' | 'busybox';
  /** The public base image a Dockerfile with this command would name. */
  dockerfileFrom: string;
  cmd: string[];
  init?: boolean;
}

const cases: Case[] = [
  {
    name: 'dash -c stays PID 1',
    base: 'debian',
    dockerfileFrom: 'debian:bookworm',
    cmd: ['sh', '-c', 'sleep 1000'],
  },
  {
    name: 'sleep as PID 1',
    base: 'debian',
    dockerfileFrom: 'debian:bookworm',
    cmd: ['sleep', '1000'],
  },
  {
    name: 'tini --',
    base: 'debian',
    dockerfileFrom: 'debian:bookworm',
    cmd: ['/usr/bin/tini', '--', 'sleep', '1000'],
  },
  {
    name: '--init',
    base: 'debian',
    dockerfileFrom: 'debian:bookworm',
    cmd: ['sleep', '1000'],
    init: true,
  },
  {
    name: 'trap in a loop',
    base: 'debian',
    dockerfileFrom: 'debian:bookworm',
    cmd: ['sh', '-c', "trap 'exit 0' TERM; while :; do sleep 0.1; done"],
  },
  {
    name: 'trap before a foreground child',
    base: 'debian',
    dockerfileFrom: 'debian:bookworm',
    cmd: ['sh', '-c', "trap 'exit 0' TERM; sleep 1000"],
  },
  {
    name: 'BusyBox ash execs its one command',
    base: 'busybox',
    dockerfileFrom: 'busybox:1.36',
    cmd: ['sh', '-c', 'sleep 1000'],
  },
];

const GRACE_S = 2;

describe('live PID 1 verdict against docker stop (real engine)', () => {
  for (const k of cases)
    test(k.name, async (t) => {
      if (!(await requireDocker(t))) return;
      const image = k.base === 'debian' ? await debianImage() : await busyboxImage();
      const c = await runContainer({
        Image: image,
        Cmd: k.cmd,
        HostConfig: { Init: k.init === true },
      });
      const engine = await connectFromEnvironment();
      assert.equal(engine.kind, 'connected');
      if (engine.kind !== 'connected') return;
      // Let the shell settle into what it will be (a -c string's exec happens at once).
      await new Promise((r) => setTimeout(r, 500));
      const view = await waitFor(
        async () => {
          const v = await inspectView(engine.docker, c.id);
          return v.ok && v.value.running ? v.value : undefined;
        },
        { timeoutMs: 5000 },
      );
      const explorer = liveJudgement(view, engine.version.local);
      assert.equal(explorer.basis, 'host-proc', 'the local engine measures PID 1');
      const ps = await psVerdict(c.id);
      assert.deepEqual(ps, explorer.verdict, 'ps and the explorer show the same verdict');
      assert.notEqual(ps.gracefulStop, null, `a verdict is known: ${ps.reasons.join(' ')}`);

      const lint = analyzeDockerfile(
        'Dockerfile',
        `FROM ${k.dockerfileFrom}\nENTRYPOINT ${JSON.stringify(k.init ? ['/sbin/docker-init', '--', ...k.cmd] : k.cmd)}\n`,
        noBuildContext,
        {},
        true,
      );
      assert.equal(
        lint.runtime?.gracefulStop,
        ps.gracefulStop,
        'lint says the same of the Dockerfile',
      );

      const stop = await timedStop(c, GRACE_S);
      const graceful = stop.ms < GRACE_S * 1000 - 200 && stop.exitCode !== 137;
      assert.equal(
        graceful,
        ps.gracefulStop,
        `docker stop took ${Math.round(stop.ms)} ms, exit ${stop.exitCode}; verdict: ${ps.reasons.join(' ')}`,
      );
    });
});
