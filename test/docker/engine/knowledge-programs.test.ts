// The programs people run as PID 1, installed from Debian's packages on the lab's Debian image
// and run as the engine predicts: PID 1's argv from the host's /proc, `docker stop -t 3` timed,
// the exit code. Each case holds the engine's verdict (who is PID 1, graceful or not) against
// the container: nginx and php-fpm with TERM and with the official images' SIGQUIT, uwsgi with
// and without die-on-term, haproxy with the official SIGUSR1, memcached, `bundle exec puma`,
// Yarn 1, Tomcat's `catalina.sh run` and Flask's `flask run`. The figures are in
// docs/measurements.md.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test, type TestContext } from 'node:test';
import { buildImage, labDocker, registerLabCleanup } from '../lab';
import { PROMPT_MS, STOP_TIMEOUT, analyse, labBases, runApp, type AppFiles } from './harness';

registerLabCleanup();

const PACKAGES = [
  'nginx',
  'php8.2-fpm',
  'uwsgi-core',
  'uwsgi-plugin-python3',
  'haproxy',
  'memcached',
  'ruby',
  'puma',
  'ruby-rack',
  'ruby-bundler',
  'yarnpkg',
  'tomcat10',
  'python3-flask',
];

let packagesImage: Promise<string> | undefined;

/**
 * The lab's Debian image with the packages, under a `debian:` name so that the engine knows
 * the base family (dash as /bin/sh), as the lab's own base images are.
 */
async function debianWithPackages(t: TestContext): Promise<string | undefined> {
  const bases = await labBases(t);
  if (!bases) return undefined;
  packagesImage ??= (async () => {
    const dockerfile = [
      `FROM ${bases.debian}`,
      `RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${PACKAGES.join(' ')} && rm -rf /var/lib/apt/lists/*`,
      'RUN mkdir -p /run/php && ln -s /usr/bin/yarnpkg /usr/local/bin/yarn',
      '',
    ].join('\n');
    const built = await buildImage({ Dockerfile: dockerfile });
    const tag = `bookworm-cdoclab-programs-${createHash('sha256').update(dockerfile).digest('hex').slice(0, 12)}`;
    await labDocker().getImage(built).tag({ repo: 'debian', tag });
    return `debian:${tag}`;
  })();
  return packagesImage;
}

interface ProgramCase {
  name: string;
  /** Dockerfile lines after FROM, and the context files. */
  lines: string[];
  files?: Record<string, string>;
  /** Log text that says the program is serving (its handlers are installed). */
  ready: string;
  /** What PID 1's /proc/1/cmdline shows (programs rewrite their title). */
  pid1: RegExp;
  /** The engine's PID 1 program name. */
  program: string;
  graceful: boolean;
}

const wsgi =
  'def application(env, start_response):\n    start_response("200 OK", [])\n    return [b"ok"]\n';
const haproxyCfg = [
  'global',
  '  log stdout format raw local0',
  'defaults',
  '  mode http',
  '  timeout connect 5s',
  '  timeout client 30s',
  '  timeout server 30s',
  'frontend web',
  '  bind :8080',
  '  default_backend app',
  'backend app',
  '  server local 127.0.0.1:9000',
  '',
].join('\n');
const flaskApp =
  'from flask import Flask\napp = Flask(__name__)\n\n@app.route("/")\ndef hello():\n    return "ok"\n';
const uwsgi =
  '["uwsgi", "--http-socket", ":8000", "--plugin", "python3", "--wsgi-file", "/app/app.py"';

const cases: ProgramCase[] = [
  {
    name: 'nginx, SIGTERM (fast shutdown)',
    lines: ['CMD ["nginx", "-g", "daemon off; error_log stderr notice;"]'],
    ready: 'start worker process',
    pid1: /^nginx: master process/,
    program: 'nginx',
    graceful: true,
  },
  {
    name: "nginx, STOPSIGNAL SIGQUIT (graceful shutdown, the official image's)",
    lines: ['STOPSIGNAL SIGQUIT', 'CMD ["nginx", "-g", "daemon off; error_log stderr notice;"]'],
    ready: 'start worker process',
    pid1: /^nginx: master process/,
    program: 'nginx',
    graceful: true,
  },
  {
    name: "php-fpm, STOPSIGNAL SIGQUIT (the official image's)",
    lines: ['STOPSIGNAL SIGQUIT', 'CMD ["php-fpm8.2", "-F", "-O"]'],
    ready: 'ready to handle connections',
    pid1: /^php-fpm: master process/,
    program: 'php-fpm',
    graceful: true,
  },
  {
    name: 'uwsgi --master: SIGTERM reloads, docker stop ends in SIGKILL',
    lines: ['COPY app.py /app/app.py', `CMD ${uwsgi}, "--master"]`],
    files: { 'app.py': wsgi },
    ready: 'spawned uWSGI worker',
    pid1: /^uwsgi$/,
    program: 'uwsgi',
    graceful: false,
  },
  {
    name: 'uwsgi --master --die-on-term: SIGTERM stops it',
    lines: ['COPY app.py /app/app.py', `CMD ${uwsgi}, "--master", "--die-on-term"]`],
    files: { 'app.py': wsgi },
    ready: 'spawned uWSGI worker',
    pid1: /^uwsgi$/,
    program: 'uwsgi',
    graceful: true,
  },
  {
    name: "haproxy -W -db, STOPSIGNAL SIGUSR1 (soft stop, the official image's)",
    lines: [
      'COPY haproxy.cfg /app/haproxy.cfg',
      'STOPSIGNAL SIGUSR1',
      'CMD ["haproxy", "-W", "-db", "-f", "/app/haproxy.cfg"]',
    ],
    files: { 'haproxy.cfg': haproxyCfg },
    ready: 'Loading success',
    pid1: /^haproxy$/,
    program: 'haproxy',
    graceful: true,
  },
  {
    name: 'flask run: the development server ignores SIGTERM as PID 1 (SIGKILL)',
    lines: ['WORKDIR /app', 'COPY app.py .', 'CMD ["flask", "run", "--host=0.0.0.0"]'],
    files: { 'app.py': flaskApp },
    ready: 'Running on',
    pid1: /^\/usr\/bin\/python3$/,
    program: 'flask',
    graceful: false,
  },
  {
    name: 'flask run with STOPSIGNAL SIGINT: stops at once',
    lines: [
      'WORKDIR /app',
      'COPY app.py .',
      'STOPSIGNAL SIGINT',
      'CMD ["flask", "run", "--host=0.0.0.0"]',
    ],
    files: { 'app.py': flaskApp },
    ready: 'Running on',
    pid1: /^\/usr\/bin\/python3$/,
    program: 'flask',
    graceful: true,
  },
  {
    name: 'memcached',
    lines: ['CMD ["memcached", "-u", "root", "-v"]'],
    ready: '',
    pid1: /^memcached$/,
    program: 'memcached',
    graceful: true,
  },
  {
    name: 'bundle exec puma: puma replaces bundle as PID 1',
    lines: [
      'WORKDIR /app',
      'COPY Gemfile config.ru ./',
      'RUN bundle lock --local',
      'CMD ["bundle", "exec", "puma", "-b", "tcp://0.0.0.0:9292"]',
    ],
    files: {
      Gemfile: 'source "https://rubygems.org"\ngem "puma"\ngem "rack"\n',
      'config.ru': 'run ->(env) { [200, {}, ["ok"]] }\n',
    },
    ready: 'Use Ctrl-C',
    pid1: /^puma /,
    program: 'puma',
    graceful: true,
  },
  {
    name: 'yarn start (Yarn 1): yarn exits on TERM, the app under sh -c never sees it',
    lines: ['WORKDIR /app', 'COPY package.json server.js ./', 'CMD ["yarn", "start"]'],
    files: {
      'package.json':
        '{"name":"app","version":"1.0.0","license":"MIT","scripts":{"start":"node server.js"}}\n',
      'server.js':
        'require("http").createServer((q, s) => s.end("ok")).listen(3000, () => console.log("READY"));\n',
    },
    ready: 'READY',
    pid1: /^node$/,
    program: 'yarn',
    graceful: true,
  },
  {
    name: 'catalina.sh run: the JVM replaces the script as PID 1',
    lines: [
      'ENV CATALINA_BASE=/var/lib/tomcat10',
      'CMD ["/usr/share/tomcat10/bin/catalina.sh", "run"]',
    ],
    ready: 'Server version name',
    pid1: /^\/usr\/bin\/java$/,
    program: 'catalina.sh',
    graceful: true,
  },
];

describe('programs as PID 1, from Debian packages', () => {
  for (const c of cases)
    test(c.name, async (t) => {
      const image = await debianWithPackages(t);
      if (!image) return;
      const files: AppFiles = {
        Dockerfile: [`FROM ${image}`, ...c.lines, ''].join('\n'),
        ...(c.files ?? {}),
      };
      const v = analyse(files).runtime;
      assert.ok(v, files['Dockerfile']);
      assert.equal(v.pid1?.program, c.program, JSON.stringify(v));
      assert.equal(v.gracefulStop, c.graceful, v.reasons.join(' '));
      assert.match(v.reasons.join(' '), /docs\/measurements\.md|docs \(|README|guide/);

      const m = await runApp(files, { readyText: c.ready, settleMs: c.ready ? 300 : 1500 });
      const context = `PID 1 ${JSON.stringify(m.pid1)}, stop ${Math.round(m.stop.ms)} ms exit ${m.stop.exitCode}\n${m.logs.slice(-800)}`;
      assert.match(m.pid1[0] ?? '', c.pid1, context);
      assert.equal(m.graceful, c.graceful, context);
      if (c.graceful) assert.ok(m.stop.ms < PROMPT_MS * 2, context);
      else {
        assert.equal(m.stop.exitCode, 137, context);
        assert.ok(m.stop.ms >= STOP_TIMEOUT * 1000 - 200, context);
      }
    });
});
