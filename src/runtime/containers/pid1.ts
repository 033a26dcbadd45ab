// Who is PID 1 of a container, and will it stop on SIGTERM and reap orphans?
// Judged from its config (Entrypoint + Cmd, HostConfig.Init) with a small table of
// programs (facts from docs/domain.md, measured on a real engine), and, for a running
// container on a local engine, measured: PID 1's real argv and its SigCgt mask from
// the host's /proc. The runtime keeps its own table: it must not import analysis.

export type Verdict = 'yes' | 'no' | 'unknown';

export interface Pid1Judgement {
  /** argv PID 1 runs (as configured, or as measured). */
  argv: string[];
  program: string;
  handlesSigterm: Verdict;
  reaps: Verdict;
  /** Why, in one sentence, for the tooltip (what the table or config says). */
  reason: string;
  /** Measured signal evidence, when PID 1's SigCgt was read from /proc. */
  sigtermEvidence?: string;
  /** Where the facts came from: the config table, the host's /proc, or the Dockerfile
   * engine (set by the extension, which may import src/analysis). */
  basis: 'config' | 'host-proc' | 'dockerfile';
}

interface ProgramFacts {
  handlesSigterm: Verdict;
  reaps: Verdict;
  note: string;
}

const INIT: ProgramFacts = {
  handlesSigterm: 'yes',
  reaps: 'yes',
  note: 'an init: forwards signals to its child and reaps zombies',
};

const PROGRAMS: Readonly<Record<string, ProgramFacts>> = {
  tini: INIT,
  'tini-static': INIT,
  'docker-init': INIT,
  'dumb-init': INIT,
  catatonit: INIT,
  init: INIT, // s6-overlay's /init, sysvinit, systemd's /sbin/init
  's6-svscan': INIT,
  runsvdir: INIT,
  runit: INIT,
  supervisord: {
    handlesSigterm: 'yes',
    reaps: 'yes',
    note: 'supervisord stops its programs on SIGTERM and reaps children',
  },
  systemd: INIT,
  node: {
    handlesSigterm: 'no',
    reaps: 'no',
    note: 'Node.js installs no SIGTERM handler by default and was not designed to run as PID 1',
  },
  nodejs: {
    handlesSigterm: 'no',
    reaps: 'no',
    note: 'Node.js installs no SIGTERM handler by default and was not designed to run as PID 1',
  },
  npm: {
    handlesSigterm: 'no',
    reaps: 'no',
    note: 'npm wraps node in another process and never reaps orphans (seed 002: thousands of zombies)',
  },
  npx: { handlesSigterm: 'no', reaps: 'no', note: 'npx wraps node in another process layer' },
  yarn: { handlesSigterm: 'no', reaps: 'no', note: 'yarn wraps node in another process layer' },
  pnpm: { handlesSigterm: 'no', reaps: 'no', note: 'pnpm wraps node in another process layer' },
  python: {
    handlesSigterm: 'no',
    reaps: 'no',
    note: 'Python installs no SIGTERM handler by default',
  },
  python3: {
    handlesSigterm: 'no',
    reaps: 'no',
    note: 'Python installs no SIGTERM handler by default',
  },
  sleep: { handlesSigterm: 'no', reaps: 'no', note: 'sleep has no SIGTERM handler' },
  java: {
    handlesSigterm: 'yes',
    reaps: 'no',
    note: 'the JVM handles SIGTERM (shutdown hooks, exit 143) but does not reap orphans',
  },
  nginx: { handlesSigterm: 'yes', reaps: 'unknown', note: 'nginx handles SIGTERM' },
  httpd: { handlesSigterm: 'yes', reaps: 'unknown', note: 'httpd handles SIGTERM' },
  'redis-server': { handlesSigterm: 'yes', reaps: 'unknown', note: 'redis handles SIGTERM' },
  postgres: { handlesSigterm: 'yes', reaps: 'unknown', note: 'postgres handles SIGTERM' },
  bash: {
    handlesSigterm: 'no',
    reaps: 'yes',
    note: 'bash as PID 1 reaps zombies but forwards no signals and ignores SIGTERM',
  },
  sh: {
    handlesSigterm: 'no',
    reaps: 'unknown',
    note: 'a shell as PID 1 ignores SIGTERM unless the script traps it',
  },
  dash: { handlesSigterm: 'no', reaps: 'unknown', note: 'dash as PID 1 ignores SIGTERM' },
  ash: { handlesSigterm: 'no', reaps: 'unknown', note: 'a shell as PID 1 ignores SIGTERM' },
};

const SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'zsh']);

export function basename(path: string): string {
  const i = path.lastIndexOf('/');
  return i >= 0 ? path.slice(i + 1) : path;
}

function programKey(argv0: string): string {
  const name = basename(argv0);
  return /^python3(\.\d+)?$/.test(name) ? 'python3' : name;
}

/** What Docker runs as PID 1: Entrypoint followed by Cmd; `--init` puts docker-init first. */
export function configuredArgv(config: {
  Entrypoint?: string[] | string | null;
  Cmd?: string[] | string | null;
}): string[] {
  const asList = (v: string[] | string | null | undefined): string[] =>
    v === null || v === undefined ? [] : Array.isArray(v) ? v : [v];
  return [...asList(config.Entrypoint), ...asList(config.Cmd)];
}

/** Judge PID 1 from the container's config alone. */
export function judgePid1FromConfig(
  config: { Entrypoint?: string[] | string | null; Cmd?: string[] | string | null },
  init: boolean | null | undefined,
): Pid1Judgement {
  const argv = configuredArgv(config);
  if (init) {
    return {
      argv: ['/sbin/docker-init', '--', ...argv],
      program: 'docker-init',
      handlesSigterm: 'yes',
      reaps: 'yes',
      reason: '--init: docker-init (tini) is PID 1; it forwards SIGTERM and reaps zombies',
      basis: 'config',
    };
  }
  return judgeArgv(argv, 'config');
}

/** Judge a concrete argv (configured, or PID 1's real /proc/<pid>/cmdline). */
export function judgeArgv(argv: string[], basis: Pid1Judgement['basis']): Pid1Judgement {
  if (argv.length === 0)
    return {
      argv,
      program: '',
      handlesSigterm: 'unknown',
      reaps: 'unknown',
      reason: 'no command configured',
      basis,
    };
  const program = programKey(argv[0]);
  if (SHELLS.has(program) && argv[1] === '-c' && basis === 'config') {
    return {
      argv,
      program,
      handlesSigterm: 'no',
      reaps: 'unknown',
      reason: `shell form (${program} -c): with dash (Debian, Ubuntu) the shell stays PID 1 for most commands and ignores SIGTERM; bash and BusyBox ash exec a single simple command, which then is PID 1`,
      basis,
    };
  }
  const facts = PROGRAMS[program];
  if (!facts)
    return {
      argv,
      program,
      handlesSigterm: 'unknown',
      reaps: 'unknown',
      reason: `${program} is not in Container Doctor's table of programs`,
      basis,
    };
  return { argv, program, ...facts, reason: facts.note, basis };
}

/** What the host's /proc says about PID 1's signal disposition for SIGTERM. */
export interface SignalMeasurement {
  /** SigCgt has SIGTERM: a handler is installed. */
  handler: boolean | undefined;
  /** SigBlk has SIGTERM: it is queued, for sigwait/signalfd to take. */
  blocked?: boolean;
  /** PID 1 sleeps in rt_sigtimedwait (wchan do_sigtimedwait): how tini and docker-init
   * wait for signals. While waiting, the kernel unblocks the waited set, so SigBlk and
   * SigCgt are both empty, yet the signals are delivered (they are not ignored). */
  inSigwait?: boolean;
}

/**
 * Refine a judgement with measurements from the host's /proc: the real PID 1 argv and
 * its SIGTERM disposition. Measured on this engine: `sleep` as PID 1 (SigCgt empty)
 * ignores docker stop; tini and docker-init (SigCgt empty too, but waiting in
 * sigtimedwait) stop in 0.1 s.
 */
export function judgePid1Measured(argv: string[], signals: SignalMeasurement): Pid1Judgement {
  const fromTable = judgeArgv(argv, 'host-proc');
  if (signals.handler === undefined) return fromTable;
  if (signals.handler)
    return {
      ...fromTable,
      handlesSigterm: 'yes',
      sigtermEvidence: 'PID 1 has a SIGTERM handler installed (SigCgt in /proc)',
    };
  if (signals.blocked || signals.inSigwait)
    return {
      ...fromTable,
      handlesSigterm: 'yes',
      sigtermEvidence: signals.inSigwait
        ? 'PID 1 waits for signals in sigtimedwait (as tini and docker-init do), so SIGTERM is delivered to it (wchan in /proc)'
        : 'PID 1 blocks SIGTERM to take it with sigwait or a signalfd, so it is delivered (SigBlk in /proc)',
    };
  if (fromTable.handlesSigterm === 'yes')
    // Between two waits an init shows no handler; the table knows how it takes signals.
    return fromTable;
  return {
    ...fromTable,
    handlesSigterm: 'no',
    sigtermEvidence:
      'PID 1 has no SIGTERM handler installed and does not wait for signals (SigCgt, SigBlk and wchan in /proc); the kernel does not apply the default action to a namespace PID 1',
  };
}

/** judgePid1FromConfig for a ContainerView-like object. */
export function judgePid1OfView(v: {
  entrypoint?: string[] | string | null;
  cmd?: string[] | string | null;
  init: boolean;
}): Pid1Judgement {
  return judgePid1FromConfig({ Entrypoint: v.entrypoint, Cmd: v.cmd }, v.init);
}
