// Programs as PID 1: what each does with the stop signal and with orphans.
// Data only. Every entry names where the fact comes from, and the verdict quotes it: "measured"
// means run as PID 1 on a real engine (docs/measurements.md: PID 1's argv from /proc, the time
// `docker stop -t 3` took and the exit code); otherwise the program's own documentation or
// source. `null` means not known here: rules treat it as uncertain (information, not warning).
// A name can mean another program on another base: on BusyBox (and for some names on Alpine)
// `httpd`, `nc`, `crond`, `syslogd`... are BusyBox applets with their own signal handling.
import type { ImageFamily } from './images';

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
  'measured 2026-11-22 (docs/measurements.md): PID 1 `sh -c \'sh -c "sleep 1 &"; sleep 1000\'` left 0 zombies with dash 0.5.12, bash 5.2 and BusyBox 1.35 ash (control: `exec sleep 1000` as PID 1 left 1)';

/** Keyed by the program's basename. */
export const programs: Readonly<Record<string, ProgramFacts>> = {
  tini: init(
    'measured: `tini -- sleep 1000` stops in 0.1 s, exit 143 (docs/measurements.md); tini reaps (tini README)',
  ),
  'tini-static': init('same binary as tini (Debian tini package)'),
  'docker-init': init(
    'measured: `docker run --init` (tini as /sbin/docker-init) stops in 0.2 s, exit 143 (docs/measurements.md)',
  ),
  'dumb-init': init('dumb-init README: forwards signals to its child session, reaps zombies'),
  catatonit: init('catatonit README (podman --init): forwards signals, reaps'),
  init: init('s6-overlay /init (s6-overlay README): supervision tree, TERM stops services, reaps'),
  s6: init('s6-overlay README'),
  runsvdir: init('runit docs: runsvdir on TERM signals every runsv, reaps'),
  runit: init('runit(8): PID 1 supervisor, reaps'),
  my_init: init('phusion baseimage-docker README: my_init forwards TERM and reaps'),
  supervisord: init(
    'supervisord docs: SIGTERM shuts down all programs, reaps children. Measured (Debian supervisor 4.2 as PID 1, docs/measurements.md): docker stop took 1.3 s, exit 0',
  ),
  systemd: init(
    'systemd(1): SIGTERM makes the system manager re-execute itself, not stop; it stops on SIGRTMIN+3',
    { TERM: false, INT: false, 'RTMIN+3': true },
  ),
  sh: shell(true, `measured: \`sh -c\` as PID 1 takes the full grace period; reaps: ${REAP}`),
  dash: shell(true, `measured: dash as PID 1 ignores TERM, forwards nothing; reaps: ${REAP}`),
  ash: shell(true, `measured: BusyBox ash as PID 1 ignores TERM; reaps: ${REAP}`),
  bash: shell(true, `measured: bash as PID 1 ignores TERM and forwards no signals; reaps: ${REAP}`),
  zsh: shell(
    null,
    'zsh installs no TERM handler by default; the kernel delivers no signal to PID 1 without one',
  ),
  node: {
    kind: 'runtime',
    stopsOn: { TERM: false, INT: false },
    forwardsSignals: false,
    reapsZombies: false,
    spawnsChildren: false,
    source:
      'measured: node without a handler of its own ignores docker stop as PID 1 (docs/measurements.md); the Node.js Docker guide: "not designed to run as PID 1"',
  },
  nodejs: {
    kind: 'runtime',
    stopsOn: { TERM: false, INT: false },
    forwardsSignals: false,
    reapsZombies: false,
    spawnsChildren: false,
    source: 'the same program as node (Debian names it nodejs)',
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
      'measured (npm 11 as PID 1, docs/measurements.md): npm runs the script through `sh -c`, exits 1 within a second on TERM without the app seeing it, and never reaps orphans',
  },
  npx: {
    kind: 'package-manager',
    stopsOn: { TERM: true },
    forwardsSignals: null,
    reapsZombies: false,
    spawnsChildren: true,
    source:
      'measured (npx of npm 10 as PID 1, docs/measurements.md): PID 1 is `npm exec`, the command runs under `sh -c`; docker stop took 1.2 s, exit 1, the app never got TERM; no reaping',
  },
  yarn: {
    kind: 'package-manager',
    stopsOn: { TERM: true },
    forwardsSignals: null,
    reapsZombies: false,
    spawnsChildren: true,
    source:
      'measured for Yarn 1 (Debian yarnpkg 1.22 as PID 1, docs/measurements.md): PID 1 is `node yarn`, the script runs under `sh -c`; docker stop took 0.8 s, exit 1, the app never got TERM; no reaping. Yarn 2+ (berry) was not measured',
  },
  pnpm: {
    kind: 'package-manager',
    stopsOn: {},
    forwardsSignals: null,
    reapsZombies: false,
    spawnsChildren: true,
    source: 'pnpm docs (pnpm run): scripts run through a shell like npm; not measured here',
  },
  python: {
    kind: 'runtime',
    stopsOn: { TERM: false, INT: true },
    forwardsSignals: false,
    reapsZombies: false,
    spawnsChildren: false,
    source:
      'measured: python as PID 1 ignores TERM but stops at once on SIGINT (KeyboardInterrupt) (docs/measurements.md)',
  },
  java: {
    kind: 'runtime',
    stopsOn: { TERM: true, INT: true },
    forwardsSignals: false,
    reapsZombies: false,
    spawnsChildren: false,
    source: 'measured: the JVM handles TERM (shutdown hooks) and exits 143 (docs/measurements.md)',
  },
  jshell: {
    kind: 'runtime',
    stopsOn: { TERM: true, INT: true },
    forwardsSignals: false,
    reapsZombies: false,
    spawnsChildren: true,
    source: 'a JVM: the JVM handles TERM (docs/measurements.md)',
  },
  nginx: server(
    "nginx docs (controlling nginx): TERM and INT are a fast shutdown, QUIT the graceful one, hence the official image's STOPSIGNAL SIGQUIT. Measured (Debian nginx 1.22 as PID 1, docs/measurements.md): TERM 0.9 s, QUIT 0.5 s, both exit 0",
    {
      TERM: true,
      INT: true,
      QUIT: true,
    },
    true,
  ),
  httpd: server(
    'Apache httpd docs (stopping): TERM stops at once, WINCH is the graceful stop (official image STOPSIGNAL SIGWINCH)',
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
  'redis-server': server(
    'redis docs (signals): TERM saves if configured and exits. Measured (Debian redis 7.0 as PID 1, docs/measurements.md): 0.8 s, exit 0',
    {
      TERM: true,
      INT: true,
    },
  ),
  postgres: server(
    "PostgreSQL docs (server shutdown): TERM is the smart shutdown, INT the fast one (the official image's STOPSIGNAL SIGINT)",
    {
      TERM: true,
      INT: true,
    },
    true,
  ),
  mysqld: server('MySQL manual: SIGTERM shuts the server down', { TERM: true }, true),
  mongod: server('MongoDB manual: SIGTERM clean shutdown', { TERM: true, INT: true }),
  'php-fpm': server(
    "php-fpm(8): TERM and INT are a fast shutdown, QUIT the graceful one (the official image's STOPSIGNAL SIGQUIT). Measured (Debian php8.2-fpm -F as PID 1, docs/measurements.md): TERM 0.6 s, QUIT 1.7 s, both exit 0",
    {
      TERM: true,
      INT: true,
      QUIT: true,
    },
    true,
  ),
  gunicorn: server(
    'gunicorn docs (signals): TERM graceful shutdown; the arbiter reaps workers. Measured (Debian gunicorn 20.1 as PID 1, docs/measurements.md): docker stop took 0.2 s idle and 2.2 s on a loaded machine, exit 0',
    {
      TERM: true,
      INT: true,
      QUIT: true,
    },
    true,
  ),
  flask: server(
    'measured (Debian python3-flask 2.2, `flask run` as PID 1, docs/measurements.md): the development server installs no SIGTERM handler, so docker stop takes the whole grace period (exit 137); SIGINT stops it at once (exit 0); it does not reap (a Python program)',
    {
      TERM: false,
      INT: true,
    },
    false,
  ),
  uvicorn: server(
    'uvicorn docs: handles SIGTERM and SIGINT for graceful shutdown. Measured (Debian python3-uvicorn 0.17, `python3 -m uvicorn` as PID 1, docs/measurements.md): docker stop took 0.33 s, exit 0; it does not reap: 3 orphans of the app stayed zombies',
    {
      TERM: true,
      INT: true,
    },
    false,
  ),
  puma: server(
    'puma docs (signals): TERM is a graceful stop. Measured (Debian puma 5.6 as PID 1, and under `bundle exec`, docs/measurements.md): 0.6-0.7 s, exit 1',
    { TERM: true, INT: true },
    true,
  ),
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
    source:
      'Ruby installs TERM and INT handlers at start (SignalException). Measured (Debian ruby 3.1 running a sleep loop as PID 1, docs/measurements.md): 0.6-0.9 s, exit 1',
  },
  haproxy: server(
    "HAProxy management guide: TERM is a hard stop, USR1 the soft (graceful) stop, hence the official image's STOPSIGNAL SIGUSR1; in master-worker mode (-W) the master forwards them. Measured (Debian haproxy 2.6 `-W -db` as PID 1, docs/measurements.md): TERM 0.6 s, USR1 1.0 s, both exit 0",
    { TERM: true, INT: true, USR1: true },
  ),
  memcached: server(
    'memcached exits on TERM and INT. Measured (Debian memcached 1.6 as PID 1, docs/measurements.md): 0.9 s, exit 0',
    { TERM: true, INT: true },
  ),
  celery: server(
    'Celery docs (stopping the worker): TERM is the warm shutdown (running tasks finish), QUIT the cold one. Measured (Debian python3-celery 5.2 as PID 1, docs/measurements.md): `-P solo` 2.7 s and the default prefork pool 4.7 s, exit 0, on a loaded machine (longer than a 3 s grace period, well within the default 10 s): give it a grace period longer than its longest task',
    { TERM: true, INT: true, QUIT: true },
    true,
  ),
  'pm2-runtime': {
    kind: 'server',
    stopsOn: { TERM: true, INT: true },
    forwardsSignals: true,
    reapsZombies: false,
    spawnsChildren: true,
    source:
      'PM2 docs (container integration): pm2-runtime keeps the apps in the foreground and on SIGTERM/SIGINT stops them gracefully, then exits; a Node.js process, it reaps only its own children (not measured here: PM2 is not packaged by Debian)',
  },
  'rabbitmq-server': server(
    "RabbitMQ's rabbitmq-server script (the official image's, from the generic Unix release) traps TERM and stops the node with rabbitmqctl stop, exit 0. Debian's /usr/sbin/rabbitmq-server is another script: measured as PID 1 (docs/measurements.md) it does not stop (3.7 s, exit 137)",
    { TERM: true, HUP: true, INT: true },
  ),
  'jenkins.sh': server(
    "jenkinsci/docker jenkins.sh (the official jenkins/jenkins image's) ends in `exec java … -jar jenkins.war`: the JVM handles TERM",
    { TERM: true, INT: true },
  ),
  mariadbd: server('MariaDB docs (mariadbd): SIGTERM shuts the server down', { TERM: true }, true),
  sleep: {
    kind: 'tool',
    stopsOn: { TERM: false, INT: false },
    forwardsSignals: false,
    reapsZombies: false,
    spawnsChildren: false,
    source:
      'measured: `sleep 1000` as PID 1 takes the full grace period, exit 137 (no TERM handler; docs/measurements.md)',
  },
  tail: {
    kind: 'tool',
    stopsOn: { TERM: false, INT: false },
    forwardsSignals: false,
    reapsZombies: false,
    spawnsChildren: false,
    source:
      'coreutils tail installs no TERM handler, and the kernel delivers no signal to PID 1 without one (BusyBox tail measured the same: 137, docs/measurements.md)',
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

/**
 * BusyBox applets as PID 1, measured on BusyBox 1.35 (Debian's static build, the lab's
 * BusyBox image; docs/measurements.md): most install no TERM handler, so the kernel drops
 * `docker stop`'s signal and SIGKILL follows.
 */
const applet = (stops: boolean, measured: string): ProgramFacts => ({
  kind: 'server',
  stopsOn: { TERM: stops },
  forwardsSignals: false,
  reapsZombies: null,
  spawnsChildren: false,
  source: `the BusyBox applet, measured as PID 1 (BusyBox 1.35, docs/measurements.md): ${measured}`,
});

const busyboxApplets: Readonly<Record<string, ProgramFacts>> = {
  httpd: applet(
    false,
    '`httpd -f` ignores TERM and INT: docker stop took the grace period, exit 137',
  ),
  nc: applet(false, '`nc -l -p PORT` ignores TERM and INT: exit 137'),
  crond: applet(false, '`crond -f` ignores TERM and INT: exit 137'),
  telnetd: applet(false, '`telnetd -F` ignores TERM: exit 137'),
  tail: applet(false, '`tail -f /dev/null` ignores TERM: exit 137'),
  sleep: {
    ...applet(false, '`sleep 1000` ignores TERM: exit 137'),
    // Measured by test/docker/diagnoses/audit.test.ts: 6 orphans under BusyBox `sleep 1000`
    // as PID 1 stayed zombies (host /proc and pids_stats agree).
    reapsZombies: false,
  },
  watch: applet(false, '`watch CMD` ignores TERM: exit 137'),
  syslogd: {
    ...applet(true, '`syslogd -n` exits on TERM in 0.4 s (exit 143) and on INT (exit 130)'),
    stopsOn: { TERM: true, INT: true },
  },
  udhcpd: applet(true, '`udhcpd -f` exits on TERM in 0.5 s, exit 0'),
  top: applet(true, '`top -b` exits on TERM in 0.6 s, exit 143'),
};

/**
 * Applets that are the program of that name on Alpine too (its busybox package); httpd,
 * telnetd and udhcpd are in Alpine's busybox-extras, and Alpine's own httpd is Apache's.
 */
const alpineApplets = new Set(['nc', 'crond', 'syslogd', 'tail', 'sleep', 'watch', 'top']);

/** Facts that depend on the arguments: the same program stops or not by its mode. */
function factsForArgs(name: string, args: readonly string[]): ProgramFacts | null {
  const has = (...flags: string[]) => args.some((a) => flags.includes(a.split('=')[0]!));
  if (name === 'uwsgi') {
    const source =
      'uWSGI docs (things to know): before uWSGI 2.1, SIGTERM makes the master reload the workers, not stop, unless die-on-term is set; INT and QUIT stop it. Measured (Debian uwsgi 2.0.21 as PID 1, docs/measurements.md): with --master, TERM reloaded and docker stop ended in SIGKILL (exit 137); with --master --die-on-term 1.9 s, exit 0; without a master 0.4 s';
    const fromFile =
      has('--ini', '--yaml', '--json', '--xml') || args.some((a) => /\.(ini|ya?ml|xml)$/.test(a));
    const dieOnTerm = has('--die-on-term');
    const master = has('--master', '-M');
    const term = dieOnTerm ? true : master ? false : fromFile ? undefined : true;
    return server(
      fromFile && !dieOnTerm
        ? `${source}. Here the options come from a configuration file, so whether it sets master or die-on-term is not known`
        : source,
      { ...(term === undefined ? {} : { TERM: term }), INT: true, QUIT: true },
      true,
    );
  }
  if (name === 'catalina.sh') {
    if (args.includes('run'))
      return server(
        "Apache Tomcat's catalina.sh `run` execs the JVM in the foreground, and the JVM handles TERM. Measured (Debian tomcat10 `catalina.sh run` as PID 1, docs/measurements.md): PID 1 was java, docker stop took 0.9 s, exit 143",
        { TERM: true, INT: true },
      );
    // 'server', not 'tool': a tool's missing entry means "ignores TERM"; here nothing is left.
    return {
      kind: 'server',
      stopsOn: {},
      forwardsSignals: false,
      reapsZombies: false,
      spawnsChildren: true,
      source:
        "Apache Tomcat's catalina.sh `start` starts the JVM in the background and exits: measured (Debian tomcat10, docs/measurements.md) the container ended at once with exit 0, so there is nothing left to stop; use `catalina.sh run`",
    };
  }
  if (name === 'kong') {
    if (args[0] === 'docker-start')
      return server(
        "Kong's official image: its docker-entrypoint.sh runs `kong docker-start` with nginx in the foreground (daemon off), and the image's STOPSIGNAL SIGQUIT is nginx's graceful stop (Kong/docker-kong; not measured here: Kong is not packaged by Debian)",
        { QUIT: true, TERM: true, INT: true },
        true,
      );
    return null;
  }
  return null;
}

/**
 * Looks a program up by its path or name (`/usr/bin/python3.12` → python). `family` is the
 * base image's (a BusyBox applet is not the program of the same name on Debian); `argv` the
 * whole command, for programs whose mode decides (uwsgi, catalina.sh run/start, kong).
 */
/**
 * A program compiled by the Go toolchain (`go build`), whatever its name. The Go runtime
 * handles SIGTERM itself: without `signal.Notify` it exits with status 2, with it the app's
 * handler runs; it waits only for the children it started (os/exec).
 */
export const goBinaryFacts: ProgramFacts = {
  kind: 'runtime',
  stopsOn: { TERM: true, INT: true, QUIT: true },
  forwardsSignals: false,
  reapsZombies: false,
  spawnsChildren: false,
  source:
    'measured: a Go 1.19 binary without a signal handler as PID 1 stops in 0.2 s with exit 2 (the Go runtime catches SIGTERM), and three orphans stayed zombies under it (docs/measurements.md)',
};

export function programFacts(
  program: string,
  family: ImageFamily | null = null,
  argv: readonly string[] = [],
): { name: string; facts: ProgramFacts } | null {
  const base = program.split('/').pop() ?? program;
  const name = normaliseProgramName(base);
  const asApplet =
    (family === 'busybox' && !program.includes('/')) ||
    (family === 'busybox' && /^\/(usr\/)?s?bin\//.test(program)) ||
    (family === 'alpine' && alpineApplets.has(name));
  const applet = asApplet ? busyboxApplets[name] : undefined;
  if (applet) return { name, facts: applet };
  const byArgs = factsForArgs(name, argv.slice(1));
  if (byArgs) return { name, facts: byArgs };
  if (name === 'rabbitmq-server' && program === '/usr/sbin/rabbitmq-server')
    return {
      name,
      facts: server(
        "Debian's /usr/sbin/rabbitmq-server (a script that switches to the rabbitmq user with su and runs the server below it, without a trap): measured as PID 1 (docs/measurements.md) docker stop took the grace period, exit 137",
        { TERM: false, INT: false },
      ),
    };
  const facts = programs[name];
  return facts ? { name, facts } : null;
}

export function normaliseProgramName(base: string): string {
  if (/^python[\d.]*$/.test(base)) return 'python';
  if (/^node(js)?[\d.]*$/.test(base)) return base.startsWith('nodejs') ? 'nodejs' : 'node';
  if (base === 'systemd' || base === 'init' || base === 'sbin-init') return base;
  if (/^php-fpm[\d.]*$/.test(base)) return 'php-fpm';
  if (/^ruby[\d.]*$/.test(base)) return 'ruby';
  if (base === 'yarnpkg') return 'yarn'; // Debian's name for Yarn 1
  if (base === 'bundler') return 'bundle';
  return base;
}

/** Evidence in the image that child processes will be orphaned (Chrome: docs/rules/pid1-no-reaper.md). */
export const childSpawnerPackages: readonly { pattern: RegExp; what: string; source: string }[] = [
  {
    pattern: /\b(chromium(-browser)?|google-chrome(-stable)?|puppeteer|playwright)\b/i,
    what: 'Chromium/Puppeteer',
    source:
      'a field report of an npm-started Puppeteer service: every Chrome run orphans its gpu/zygote/renderer children to PID 1',
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
  bundle: {
    skip: 1,
    source:
      'measured (Debian bundler 2.3, docs/measurements.md): `bundle exec puma` and `bundle exec ruby app.rb` leave the command itself as PID 1',
  },
};
