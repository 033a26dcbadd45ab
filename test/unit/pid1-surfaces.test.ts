// One PID 1 truth: every surface that says who PID 1 is, whether `docker stop` ends it
// gracefully and whether it reaps orphans must give the same answer for the same container.
// Surfaces: the Dockerfile verdict (lint --format json `runtime`, CodeLens, hover), the
// explorer's judgement from the container config and from the workspace Dockerfile, `ps
// --format json`'s pid1.verdict, the host audit's judgement and findings, and, for running
// containers on a local engine, the same surfaces reading PID 1 from a /proc tree built from
// real captured status files (test/fixtures/proc). Expected answers are written by hand from
// what real containers did (docs/measurements.md and the rule pages), never computed.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { analyzeDockerfile } from '../../src/analysis/dockerfile/analyze';
import { noBuildContext } from '../../src/analysis/types';
import type { RuntimeVerdict } from '../../src/model/types';
import { auditPid1 } from '../../src/runtime/audit';
import { viewFromInspect, type InspectLike } from '../../src/runtime/containers';
import { judgePid1OfView, liveJudgement, modelJudge } from '../../src/runtime/containers/pid1';
import { judgementForContainer } from '../../src/runtime/live/dockerfile-verdict';
import { psJson } from '../../src/cli/commands/ps';
import type { ProcessSnapshot } from '../../src/runtime/processes';

interface Expect {
  graceful: boolean | null;
  reaps: boolean | null;
  /** The program the verdict names as PID 1 ('' when it cannot say). */
  program: string;
}

interface StaticRow {
  name: string;
  image: string;
  argv: string[];
  init?: boolean;
  stopSignal?: string;
  expect: Expect;
}

const no = false;
const yes = true;
const row = (
  name: string,
  image: string,
  argv: string[],
  [graceful, reaps, program]: [boolean | null, boolean | null, string],
  extra: Partial<StaticRow> = {},
): StaticRow => ({ name, image, argv, expect: { graceful, reaps, program }, ...extra });

const DEB = 'node:20-bookworm';
const ALP = 'node:20-alpine';
const UBI = 'registry.access.redhat.com/ubi9/ubi';
const UNKNOWN = 'registry.example.com/team/app:1';

const staticRows: StaticRow[] = [
  row('node, no handler', DEB, ['node', 'server.js'], [no, no, 'node']),
  row('node on alpine', ALP, ['node', 'server.js'], [no, no, 'node']),
  row('npm start: npm ends on TERM, never reaps', DEB, ['npm', 'start'], [yes, no, 'npm']),
  row('java handles TERM, does not reap', DEB, ['java', '-jar', 'a.jar'], [yes, no, 'java']),
  row('systemd ignores TERM', DEB, ['/sbin/init'], [no, yes, 'systemd']),
  row('systemd with STOPSIGNAL SIGRTMIN+3', DEB, ['/sbin/init'], [yes, yes, 'systemd'], {
    stopSignal: 'SIGRTMIN+3',
  }),
  row(
    'dash stays for background + wait, reaps',
    DEB,
    ['sh', '-c', 'sleep 1000 & wait'],
    [no, yes, 'sh'],
  ),
  row('dash stays for one command', DEB, ['sh', '-c', 'sleep 1000'], [no, yes, 'sh']),
  row('BusyBox ash execs one command', ALP, ['sh', '-c', 'sleep 1000'], [no, no, 'sleep']),
  row(
    'bash (/bin/sh on UBI) execs one command',
    UBI,
    ['sh', '-c', 'sleep 1000'],
    [no, no, 'sleep'],
  ),
  row(
    'unknown /bin/sh: both outcomes ignore TERM',
    UNKNOWN,
    ['sh', '-c', 'sleep 1000'],
    [no, null, ''],
  ),
  row('exec in -c', DEB, ['sh', '-c', 'exec node server.js'], [no, no, 'node']),
  row('--init', DEB, ['node', 'server.js'], [yes, yes, 'docker-init'], { init: true }),
  row('--init before a shell', DEB, ['sh', '-c', 'sleep 1000'], [yes, yes, 'docker-init'], {
    init: true,
  }),
  row('tini --', DEB, ['tini', '--', 'node', 'server.js'], [yes, yes, 'tini']),
  row(
    'tini before a pipeline',
    DEB,
    ['/usr/bin/tini', '--', 'sh', '-c', 'node a.js | tee l'],
    [yes, yes, 'tini'],
  ),
  row('dumb-init', DEB, ['dumb-init', 'node', 'a.js'], [yes, yes, 'dumb-init']),
  row('catatonit', DEB, ['catatonit', '--', 'node', 'a.js'], [yes, yes, 'catatonit']),
  row('s6-overlay /init', DEB, ['/init'], [yes, yes, 'init']),
  row('supervisord', DEB, ['supervisord', '-n'], [yes, yes, 'supervisord']),
  row('nginx', DEB, ['nginx', '-g', 'daemon off;'], [yes, yes, 'nginx']),
  row('redis-server', DEB, ['redis-server'], [yes, null, 'redis-server']),
  row('python, no handler', DEB, ['python3', 'app.py'], [no, no, 'python']),
  row('python with STOPSIGNAL SIGINT', DEB, ['python3', 'app.py'], [yes, no, 'python'], {
    stopSignal: 'SIGINT',
  }),
  row('gunicorn', DEB, ['gunicorn', 'app:app'], [yes, yes, 'gunicorn']),
  row('python -m uvicorn', DEB, ['python3', '-m', 'uvicorn', 'app:app'], [yes, no, 'uvicorn']),
  row('flask run (no SIGTERM handler)', DEB, ['flask', 'run', '--host=0.0.0.0'], [no, no, 'flask']),
  row('sleep', DEB, ['sleep', 'infinity'], [no, no, 'sleep']),
  row('bash -c one command execs', DEB, ['bash', '-c', 'node server.js'], [no, no, 'node']),
  row('bash -c pipeline stays', DEB, ['bash', '-c', 'node server.js | tee log'], [no, yes, 'bash']),
  row('ash -c pipeline stays', ALP, ['sh', '-c', 'node a.js | tee log'], [no, yes, 'sh']),
  row('unknown program', DEB, ['/app/server'], [null, null, 'server']),
  row('gosu execs', DEB, ['gosu', 'app', 'node', 'a.js'], [no, no, 'node']),
  row('env execs', DEB, ['env', 'NODE_ENV=production', 'node', 'a.js'], [no, no, 'node']),
  row(
    'trap in a loop stops',
    DEB,
    ['sh', '-c', "trap 'exit 0' TERM; while :; do sleep 0.1; done"],
    [yes, yes, 'sh'],
  ),
  row(
    'trap before a foreground child waits for it',
    DEB,
    ['sh', '-c', "trap 'exit 0' TERM; sleep 1000"],
    [no, yes, 'sh'],
  ),
  row('ruby handles TERM', DEB, ['ruby', 'app.rb'], [yes, no, 'ruby']),
  row('BusyBox image: ash execs', 'busybox:1.36', ['sh', '-c', 'sleep 1000'], [no, no, 'sleep']),
  row('bash as PID 1', DEB, ['/bin/bash'], [no, yes, 'bash']),
  row('httpd-foreground with SIGWINCH', DEB, ['httpd-foreground'], [yes, yes, 'httpd-foreground'], {
    stopSignal: 'SIGWINCH',
  }),
  row('tini -g', DEB, ['tini', '-g', '--', 'node', 'a.js'], [yes, yes, 'tini']),
];

function inspectOf(
  r: { image: string; argv: string[]; init?: boolean; stopSignal?: string },
  pid = 0,
): InspectLike & {
  Path: string;
  Args: string[];
} {
  return {
    Id: 'c'.repeat(64),
    Name: '/surface-test',
    Path: r.argv[0]!,
    Args: r.argv.slice(1),
    State: { Status: pid ? 'running' : 'exited', Running: pid > 0, Pid: pid },
    Config: { Image: r.image, Entrypoint: r.argv, Cmd: null, StopSignal: r.stopSignal },
    HostConfig: { Init: r.init === true },
  };
}

function dockerfileOf(r: StaticRow): string {
  const argv = r.init ? ['/sbin/docker-init', '--', ...r.argv] : r.argv;
  return [
    `FROM ${r.image}`,
    ...(r.stopSignal ? [`STOPSIGNAL ${r.stopSignal}`] : []),
    `ENTRYPOINT ${JSON.stringify(argv)}`,
    '',
  ].join('\n');
}

function snapshotOf(pid: number): ProcessSnapshot {
  return {
    container: { id: 'c'.repeat(64), name: 'surface-test' },
    source: 'api',
    sourceDetail: 'test',
    pidNumbering: 'container',
    processes: [],
    pid1: { pid, command: 'x' },
    zombies: { count: 0, parents: [], unattributed: 0 },
    pidsCurrent: undefined,
  } as ProcessSnapshot;
}

const answer = (v: RuntimeVerdict): Expect => ({
  graceful: v.gracefulStop,
  reaps: v.reapsZombies,
  program: v.pid1?.program ?? '',
});

describe('one PID 1 truth across surfaces (static: Dockerfile and container config)', () => {
  assert.ok(staticRows.length >= 40, `${staticRows.length} rows`);
  for (const r of staticRows)
    test(r.name, async () => {
      const lint = analyzeDockerfile('Dockerfile', dockerfileOf(r), noBuildContext, {}, true);
      assert.ok(lint.runtime, 'the Dockerfile has a verdict');
      const view = viewFromInspect(inspectOf(r));
      const surfaces: Record<string, Expect> = {
        'lint runtime': answer(lint.runtime),
        'explorer (config)': answer(judgePid1OfView(view).verdict),
        'ps --format json': answer(
          (
            psJson(snapshotOf(1), liveJudgement(view, false).verdict) as {
              pid1: { verdict: RuntimeVerdict };
            }
          ).pid1.verdict,
        ),
        audit: answer((await auditPid1(inspectOf(r), r.init === true, false, modelJudge)).verdict),
      };
      // The explorer takes the workspace Dockerfile's verdict when the container runs its command.
      const fromDockerfile = judgementForContainer(
        {
          ...view,
          init: false,
          entrypoint: r.init ? ['/sbin/docker-init', '--', ...r.argv] : r.argv,
        },
        lint.runtime,
        { path: '/w/Dockerfile', contextDir: '/w', reason: 'test' },
      );
      if (lint.runtime.pid1) {
        assert.ok(fromDockerfile, 'the explorer uses the Dockerfile verdict');
        surfaces['explorer (workspace Dockerfile)'] = answer(fromDockerfile.verdict);
      }
      for (const [surface, got] of Object.entries(surfaces))
        assert.deepEqual(got, r.expect, `${surface}: ${JSON.stringify(got)}`);
    });
});

// ------------------------------------------------------------------ live (host /proc)

interface LiveRow {
  name: string;
  image: string;
  /** PID 1's /proc/<pid>/cmdline. */
  argv: string[];
  init?: boolean;
  /** Captured status file to start from, and mask overrides (hex, as /proc prints them). */
  status: 'sleep' | 'tini' | 'shtrap';
  sigCgt?: string;
  sigBlk?: string;
  expect: Expect;
}

const TERM_BIT = (1n << 14n).toString(16).padStart(16, '0');
const liveRows: LiveRow[] = [
  {
    name: 'sleep, no handler',
    image: DEB,
    argv: ['sleep', '1000'],
    status: 'sleep',
    expect: { graceful: no, reaps: no, program: 'sleep' },
  },
  {
    name: 'tini waits in sigtimedwait',
    image: DEB,
    argv: ['/usr/bin/tini', '--', 'sleep', '1000'],
    status: 'tini',
    expect: { graceful: yes, reaps: yes, program: 'tini' },
  },
  {
    name: 'docker-init (--init)',
    image: DEB,
    argv: ['/sbin/docker-init', '--', 'sleep', '1000'],
    init: true,
    status: 'tini',
    expect: { graceful: yes, reaps: yes, program: 'docker-init' },
  },
  {
    name: 'dash trap in a loop',
    image: DEB,
    argv: ['sh', '-c', "trap 'exit 0' TERM; while :; do sleep 0.1; done"],
    status: 'shtrap',
    expect: { graceful: yes, reaps: yes, program: 'sh' },
  },
  {
    name: 'dash trap before a foreground child (handler, still SIGKILLed)',
    image: DEB,
    argv: ['sh', '-c', "trap 'exit 0' TERM; sleep 1000"],
    status: 'shtrap',
    expect: { graceful: no, reaps: yes, program: 'sh' },
  },
  {
    name: 'unknown program with a TERM handler',
    image: DEB,
    argv: ['/app/server'],
    status: 'sleep',
    sigCgt: TERM_BIT,
    expect: { graceful: yes, reaps: null, program: 'server' },
  },
  {
    name: 'unknown program without a handler',
    image: DEB,
    argv: ['/app/server'],
    status: 'sleep',
    expect: { graceful: no, reaps: null, program: 'server' },
  },
  {
    name: 'unknown program blocking TERM (signalfd)',
    image: DEB,
    argv: ['/app/server'],
    status: 'sleep',
    sigBlk: TERM_BIT,
    expect: { graceful: yes, reaps: null, program: 'server' },
  },
  {
    name: 'node whose app installed a handler',
    image: DEB,
    argv: ['node', 'server.js'],
    status: 'sleep',
    sigCgt: TERM_BIT,
    expect: { graceful: yes, reaps: no, program: 'node' },
  },
  {
    name: 'a shell that is PID 1 did not exec',
    image: UNKNOWN,
    argv: ['sh', '-c', 'node server.js'],
    status: 'sleep',
    expect: { graceful: no, reaps: yes, program: 'sh' },
  },
  {
    name: 'java with its handler: graceful, no reaping',
    image: DEB,
    argv: ['java', '-jar', 'a.jar'],
    status: 'sleep',
    sigCgt: TERM_BIT,
    expect: { graceful: yes, reaps: no, program: 'java' },
  },
];

const fixtures = join(__dirname, '..', 'fixtures', 'proc');
const procRoot = mkdtempSync(join(tmpdir(), 'cdoc-proc-'));
after(() => rmSync(procRoot, { recursive: true, force: true }));

function fakeProc(r: LiveRow, pid: number): void {
  const dir = join(procRoot, String(pid));
  mkdirSync(dir, { recursive: true });
  let status = readFileSync(join(fixtures, `${r.status}.status`), 'utf8');
  if (r.sigCgt) status = status.replace(/^SigCgt:\s*\w+$/m, `SigCgt:\t${r.sigCgt}`);
  if (r.sigBlk) status = status.replace(/^SigBlk:\s*\w+$/m, `SigBlk:\t${r.sigBlk}`);
  writeFileSync(join(dir, 'status'), status);
  writeFileSync(join(dir, 'wchan'), readFileSync(join(fixtures, `${r.status}.wchan`)));
  writeFileSync(join(dir, 'cmdline'), r.argv.join('\0') + '\0');
}

describe('one PID 1 truth across surfaces (live: PID 1 read from host /proc)', () => {
  liveRows.forEach((r, i) =>
    test(r.name, async () => {
      const pid = 1000 + i;
      fakeProc(r, pid);
      // The config runs the command; /proc shows what PID 1 is now.
      const configured = r.init ? r.argv.slice(2) : r.argv;
      const info = inspectOf({ image: r.image, argv: configured, init: r.init }, pid);
      const view = viewFromInspect(info);
      const explorer = liveJudgement(view, true, procRoot);
      assert.equal(explorer.basis, 'host-proc');
      const surfaces: Record<string, Expect> = {
        explorer: answer(explorer.verdict),
        'ps --format json': answer(
          (
            psJson(snapshotOf(pid), liveJudgement(view, true, procRoot).verdict) as {
              pid1: { verdict: RuntimeVerdict };
            }
          ).pid1.verdict,
        ),
        audit: answer((await auditPid1(info, r.init === true, true, modelJudge, procRoot)).verdict),
      };
      for (const [surface, got] of Object.entries(surfaces))
        assert.deepEqual(got, r.expect, `${surface}: ${JSON.stringify(got)}`);
    }),
  );
});
