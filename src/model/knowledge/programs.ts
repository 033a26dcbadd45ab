// Programs as PID 1: what each does with the stop signal and with orphans.
// Data only. Every entry names where the fact comes from: "domain.md" means measured on a
// real engine (../shared/docs/domain.md); other sources are the program's own docs/source.
// `null` means not known here: rules treat it as uncertain (information, not warning).

export type ProgramKind = 'init' | 'shell' | 'package-manager' | 'runtime' | 'server' | 'tool';

export interface ProgramFacts {
  kind: ProgramKind;
  /** Signals (without SIG prefix) the program handles as PID 1 by ending promptly. */
  stopsOn: Partial<Record<string, boolean>>;
  /** Forwards signals to its children (inits, supervisors). */
  forwardsSignals: boolean | null;
  /** Calls wait() on any child, so re-parented orphans do not stay zombies. */
  reapsZombies: boolean | null;
  /** Starts child processes of its own in normal operation. */
  spawnsChildren: boolean;
  source: string;
}

const init = (
  source: string,
  stopsOn: Partial<Record<string, boolean>> = { TERM: true, INT: true },
): ProgramFacts => ({
  kind: 'init',
  stopsOn,
  forwardsSignals: true,
  reapsZombies: true,
  spawnsChildren: true,
  source,
});

const server = (
  source: string,
  stopsOn: Partial<Record<string, boolean>>,
  reaps: boolean | null = null,
): ProgramFacts => ({
  kind: 'server',
  stopsOn,
  forwardsSignals: null,
  reapsZombies: reaps,
  spawnsChildren: reaps === true,
  source,
});

const shell = (reaps: boolean | null, source: string): ProgramFacts => ({
  kind: 'shell',
  stopsOn: { TERM: false, INT: false },
  forwardsSignals: false,
  reapsZombies: reaps,
  spawnsChildren: true,
  source,
});

const REAP =
  'measured here 2026-11-22: PID 1 `sh -c \'sh -c "sleep 1 &"; sleep 1000\'` left 0 zombies with dash 0.5.12, bash 5.2 and BusyBox 1.35 ash (control: `exec sleep 1000` as PID 1 left 1)';

/** Keyed by the program's basename. */
export const programs: Readonly<Record<string, ProgramFacts>> = {
  tini: init('domain.md: `tini -- sleep 1000` stops in 0.1 s, exit 143; tini reaps (tini README)'),
  'tini-static': init('same binary as tini (Debian tini package)'),
  'docker-init': init('domain.md: `docker run --init` (tini as /sbin/docker-init) stops in 0.2 s'),
  'dumb-init': init('dumb-init README: forwards signals to its child session, reaps zombies'),
  catatonit: init('catatonit README (podman --init): forwards signals, reaps'),
  init: init('s6-overlay /init (s6-overlay README): supervision tree, TERM stops services, reaps'),
  s6: init('s6-overlay README'),
  runsvdir: init('runit docs: runsvdir on TERM signals every runsv, reaps'),
  runit: init('runit(8): PID 1 supervisor, reaps'),
  my_init: init('phusion baseimage-docker README: my_init forwards TERM and reaps'),
  supervisord: init('supervisord docs: SIGTERM shuts down all programs; reaps children'),
  systemd: init(
    'systemd(1): SIGTERM makes the system manager re-execute itself, not stop; it stops on SIGRTMIN+3',
    { TERM: false, INT: false, 'RTMIN+3': true },
  ),
  sh: shell(true, `domain.md: \`sh -c\` PID 1 takes the full grace period; reaps: ${REAP}`),
  dash: shell(true, `domain.md: dash PID 1 ignores TERM, forwards nothing; reaps: ${REAP}`),
  ash: shell(true, `domain.md: BusyBox ash PID 1 ignores TERM; reaps: ${REAP}`),
  bash: shell(true, 'domain.md / seed 002: bash as PID 1 reaps zombies but forwards no signals'),
  zsh: shell(null, 'no handler by default as PID 1 (kernel rule in domain.md)'),
  node: {
    kind: 'runtime',
    stopsOn: { TERM: false, INT: false },
    forwardsSignals: false,
    reapsZombies: false,
    spawnsChildren: false,
    source:
      'domain.md: Node installs no SIGTERM handler; Node docker guide: "not designed to run as PID 1"',
  },
  nodejs: {
    kind: 'runtime',
    stopsOn: { TERM: false, INT: false },
    forwardsSignals: false,
    reapsZombies: false,
    spawnsChildren: false,
    source: 'same as node',
  },
  npm: {
    kind: 'package-manager',
    // Measured by test/docker/engine/zombies.test.ts (npm 11 as PID 1): TERM makes npm signal
    // its `sh -c` child and exit 1 within ~0.7 s; the app under dash never gets TERM.
    stopsOn: { TERM: true },
    forwardsSignals: null,
    reapsZombies: false,
    spawnsChildren: true,
    source:
      'domain.md / seed 002: npm wraps node in another process layer (via sh -c) and never reaps',
  },
  npx: {
    kind: 'package-manager',
    stopsOn: {},
    forwardsSignals: null,
    reapsZombies: false,
    spawnsChildren: true,
    source: 'npx runs through npm exec: same process layer as npm (seed 002)',
  },
  yarn: {
    kind: 'package-manager',
    stopsOn: {},
    forwardsSignals: null,
    reapsZombies: false,
    spawnsChildren: true,
    source: 'domain.md: yarn wraps node in another process layer; no reaping',
  },
  pnpm: {
    kind: 'package-manager',
    stopsOn: {},
    forwardsSignals: null,
    reapsZombies: false,
    spawnsChildren: true,
    source: 'pnpm runs scripts through a shell like npm; no reaping',
  },
  python: {
    kind: 'runtime',
    stopsOn: { TERM: false, INT: true },
    forwardsSignals: false,
    reapsZombies: false,
    spawnsChildren: false,
    source:
      'domain.md: Python exec form ignores TERM but stops at once on SIGINT (KeyboardInterrupt)',
  },
  java: {
    kind: 'runtime',
    stopsOn: { TERM: true, INT: true },
    forwardsSignals: false,
    reapsZombies: false,
    spawnsChildren: false,
    source: 'domain.md: the JVM handles TERM (shutdown hooks), exit 143',
  },
  jshell: {
    kind: 'runtime',
    stopsOn: { TERM: true, INT: true },
    forwardsSignals: false,
    reapsZombies: false,
    spawnsChildren: true,
    source: 'a JVM (domain.md: the JVM handles TERM)',
  },
  nginx: server(
    'domain.md: nginx handles TERM (fast) and QUIT (graceful; official image STOPSIGNAL)',
    {
      TERM: true,
      INT: true,
      QUIT: true,
    },
    true,
  ),
  httpd: server(
    'domain.md: httpd handles TERM; WINCH is graceful stop (official image STOPSIGNAL)',
    {
      TERM: true,
      WINCH: true,
    },
    true,
  ),
  'httpd-foreground': server(
    'official httpd image script that execs httpd -DFOREGROUND',
    {
      TERM: true,
      WINCH: true,
    },
    true,
  ),
  'apache2-foreground': server(
    'official php:apache script that execs apache2 -DFOREGROUND',
    {
      TERM: true,
      WINCH: true,
    },
    true,
  ),
  'redis-server': server('domain.md: redis handles TERM (saves and exits)', {
    TERM: true,
    INT: true,
  }),
  postgres: server(
    'domain.md: postgres handles TERM (smart) and INT (fast, official STOPSIGNAL)',
    {
      TERM: true,
      INT: true,
    },
    true,
  ),
  mysqld: server('MySQL manual: SIGTERM shuts the server down', { TERM: true }, true),
  mongod: server('MongoDB manual: SIGTERM clean shutdown', { TERM: true, INT: true }),
  'php-fpm': server(
    'php-fpm(8): TERM/INT fast shutdown, QUIT graceful (official STOPSIGNAL SIGQUIT)',
    {
      TERM: true,
      INT: true,
      QUIT: true,
    },
    true,
  ),
  gunicorn: server(
    'gunicorn docs (signals): TERM graceful shutdown; the arbiter reaps workers. Measured here 2026-11-22 (Debian gunicorn 20.1 as PID 1): docker stop took 0.21 s, exit 0',
    {
      TERM: true,
      INT: true,
      QUIT: true,
    },
    true,
  ),
  uvicorn: server(
    'uvicorn docs: handles SIGTERM and SIGINT for graceful shutdown. Measured here 2026-11-22 (Debian python3-uvicorn, `python3 -m uvicorn` as PID 1): docker stop took 0.34 s, exit 0',
    {
      TERM: true,
      INT: true,
    },
  ),
  puma: server('puma docs (signals): TERM graceful stop', { TERM: true, INT: true }, true),
  caddy: server('caddy docs: SIGTERM graceful stop', { TERM: true, INT: true, QUIT: true }),
  traefik: server('traefik: SIGTERM graceful shutdown', { TERM: true, INT: true }),
  dotnet: server('.NET generic host: SIGTERM triggers graceful shutdown', {
    TERM: true,
    INT: true,
  }),
  ruby: {
    kind: 'runtime',
    stopsOn: { TERM: true, INT: true },
    forwardsSignals: false,
    reapsZombies: false,
    spawnsChildren: false,
    source: 'Ruby installs TERM/INT handlers at start (raises SignalException); not measured here',
  },
  sleep: {
    kind: 'tool',
    stopsOn: { TERM: false, INT: false },
    forwardsSignals: false,
    reapsZombies: false,
    spawnsChildren: false,
    source: 'domain.md: `sleep 1000` as PID 1 takes the full grace period (no TERM handler)',
  },
  tail: {
    kind: 'tool',
    stopsOn: { TERM: false, INT: false },
    forwardsSignals: false,
    reapsZombies: false,
    spawnsChildren: false,
    source: 'coreutils tail installs no TERM handler (kernel PID 1 rule, domain.md)',
  },
};

/** Names that are inits: they must be PID 1 to reap and should be followed by `--`. */
export const initNames = new Set([
  'tini',
  'tini-static',
  'docker-init',
  'dumb-init',
  'catatonit',
  'init',
  's6',
  'runsvdir',
  'runit',
  'my_init',
  'supervisord',
  'systemd',
]);

export const shellNames = new Set(['sh', 'dash', 'ash', 'bash', 'zsh', 'ksh', 'mksh']);

/** Looks a program up by its path or name (`/usr/bin/python3.12` → python). */
export function programFacts(program: string): { name: string; facts: ProgramFacts } | null {
  const base = program.split('/').pop() ?? program;
  const name = normaliseProgramName(base);
  const facts = programs[name];
  return facts ? { name, facts } : null;
}

export function normaliseProgramName(base: string): string {
  if (/^python[\d.]*$/.test(base)) return 'python';
  if (/^node(js)?[\d.]*$/.test(base)) return base.startsWith('nodejs') ? 'nodejs' : 'node';
  if (base === 'systemd' || base === 'init' || base === 'sbin-init') return base;
  if (/^php-fpm[\d.]*$/.test(base)) return 'php-fpm';
  if (/^ruby[\d.]*$/.test(base)) return 'ruby';
  return base;
}

/** Evidence in the image that child processes will be orphaned (seed 002: Chrome). */
export const childSpawnerPackages: readonly { pattern: RegExp; what: string; source: string }[] = [
  {
    pattern: /\b(chromium(-browser)?|google-chrome(-stable)?|puppeteer|playwright)\b/i,
    what: 'Chromium/Puppeteer',
    source: 'seed 002: every Chrome run orphans its gpu/zygote/renderer children to PID 1',
  },
];

/**
 * Programs that exec their arguments (they do not stay as a parent): PID 1 becomes the
 * program they run. `skip` counts the leading non-option arguments that are theirs.
 */
export const execWrappers: Readonly<Record<string, { skip: number; source: string }>> = {
  gosu: { skip: 1, source: 'gosu README: "gosu user command": execs, does not stay as a parent' },
  'su-exec': { skip: 1, source: 'su-exec README: switch user and exec' },
  env: { skip: 0, source: 'env(1): execs the command after NAME=value assignments' },
  nice: { skip: 0, source: 'nice(1): execs the command' },
  ionice: { skip: 0, source: 'ionice(1): execs the command' },
  setpriv: { skip: 0, source: 'setpriv(1): execs the command' },
  chpst: { skip: 0, source: 'runit chpst(8): execs the command' },
  's6-setuidgid': { skip: 1, source: 's6-setuidgid: execs the command' },
  numactl: { skip: 0, source: 'numactl(8): execs the command' },
};
