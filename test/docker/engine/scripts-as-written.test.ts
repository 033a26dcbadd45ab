// Entrypoint scripts in the shapes public images write them, each built and stopped on the
// lab's Debian image and held against the engine's verdict: a TERM trap that calls a
// function, `exec "$@"` inside a `_main` function, the prepend pattern, exec wrappers vs
// `su -c`, a sourced script, traps inside `sh -c` strings, and an init in front of a
// pipeline (plain tini vs `tini -g`). The scripts are written here in those shapes (each
// names where the shape comes from), not copied.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { registerLabCleanup } from '../lab';
import {
  PROMPT_MS,
  analyse,
  assertVerdictMatches,
  findingOf,
  fixed,
  labBases,
  programName,
  rulesOf,
  runApp,
  runningPrograms,
  type AppFiles,
} from './harness';

registerLabCleanup();

/** Node server whose SIGTERM handler prints `stopping` to stderr (not piped) and exits 0. */
const server = [
  "const http = require('http');",
  "const srv = http.createServer((req, res) => res.end('ok'));",
  "process.on('SIGTERM', () => { console.error('stopping'); srv.close(); process.exit(0); });",
  "srv.listen(8080, () => console.log('READY'));",
  '',
].join('\n');

function scriptApp(debian: string, script: string, cmd: string, extra: AppFiles = {}): AppFiles {
  return {
    Dockerfile: [
      `FROM ${debian}`,
      'COPY server.js /app/server.js',
      ...Object.keys(extra).map((f) => `COPY ${f} /usr/local/bin/${f}`),
      'COPY start.sh /usr/local/bin/start.sh',
      'ENTRYPOINT ["/usr/local/bin/start.sh"]',
      cmd,
      '',
    ].join('\n'),
    'start.sh': script,
    'server.js': server,
    ...extra,
  };
}

describe('entrypoint scripts as written', () => {
  test('trap NAME TERM INT: a function that signals the child and waits (graceful, the app stops itself)', async (t) => {
    const bases = await labBases(t);
    if (!bases) return;
    // Shape of process-manager and browser entrypoints: `_term() { kill -TERM "$child"; wait; }`.
    const script = [
      '#!/bin/sh',
      '_term() {',
      '  echo "caught TERM"',
      '  kill -TERM "$child" 2>/dev/null',
      '  wait "$child"',
      '}',
      'trap _term TERM INT',
      '"$@" &',
      'child=$!',
      'wait "$child"',
      '',
    ].join('\n');
    const files = scriptApp(bases.debian, script, 'CMD ["node", "/app/server.js"]');
    const a = analyse(files);
    assert.ok(a.runtime);
    assert.equal(a.runtime.appGetsStopSignal, true);
    assert.ok(!rulesOf(a).includes('entrypoint-script-background'), JSON.stringify(a.findings));
    const m = await runApp(files);
    assert.equal(programName(m.pid1), 'start.sh');
    assertVerdictMatches(a.runtime, m, script);
    assert.match(m.logs, /caught TERM/);
    assert.match(m.logs, /stopping/);
  });

  test('exec "$@" inside _main, called under an _is_sourced guard: node is PID 1', async (t) => {
    const bases = await labBases(t);
    if (!bases) return;
    // Shape of docker-library/postgres docker-entrypoint.sh (`_main "$@"` at the bottom).
    const script = [
      '#!/usr/bin/env bash',
      'set -Eeo pipefail',
      '_is_sourced() {',
      '  [ "${#FUNCNAME[@]}" -ge 2 ] && [ "${FUNCNAME[0]}" = _is_sourced ] && [ "${FUNCNAME[1]}" = source ]',
      '}',
      '_main() {',
      '  if [ "${1:0:1}" = "-" ]; then',
      '    set -- node "$@"',
      '  fi',
      '  echo configuring',
      '  exec "$@"',
      '}',
      'if ! _is_sourced; then',
      '  _main "$@"',
      'fi',
      '',
    ].join('\n');
    const files = scriptApp(
      bases.debian,
      script,
      'CMD ["--max-old-space-size=64", "/app/server.js"]',
    );
    const a = analyse(files);
    assert.ok(a.runtime);
    assert.deepEqual(a.runtime.pid1?.argv, ['node', '--max-old-space-size=64', '/app/server.js']);
    const m = await runApp(files);
    assert.deepEqual(m.pid1, ['node', '--max-old-space-size=64', '/app/server.js']);
    assertVerdictMatches(a.runtime, m, script);
    assert.deepEqual(rulesOf(a), []);
  });

  test('prepend pattern: a CMD of flags runs the program the script names', async (t) => {
    const bases = await labBases(t);
    if (!bases) return;
    // Shape of docker-library/redis docker-entrypoint.sh: `if [ "${1#-}" != "$1" ]; then set -- redis-server "$@"; fi`.
    const script = [
      '#!/bin/sh',
      'set -e',
      'if [ "${1#-}" != "$1" ] || [ "${1%.conf}" != "$1" ]; then',
      '  set -- node "$@"',
      'fi',
      'exec "$@"',
      '',
    ].join('\n');
    const files = scriptApp(
      bases.debian,
      script,
      'CMD ["--max-old-space-size=64", "/app/server.js"]',
    );
    const a = analyse(files);
    assert.ok(a.runtime);
    assert.equal(a.runtime.pid1?.program, 'node');
    const m = await runApp(files);
    assert.equal(programName(m.pid1), 'node');
    assertVerdictMatches(a.runtime, m, script);
  });

  test('exec setpriv … "$@" (an exec wrapper, like gosu and su-exec): node is PID 1', async (t) => {
    const bases = await labBases(t);
    if (!bases) return;
    // Shape of `exec gosu app "$@"` in official images; setpriv is util-linux's (in the lab image).
    const script =
      '#!/bin/sh\nset -e\nexec setpriv --reuid=65534 --regid=65534 --clear-groups "$@"\n';
    const files = scriptApp(bases.debian, script, 'CMD ["node", "/app/server.js"]');
    const a = analyse(files);
    assert.ok(a.runtime);
    const m = await runApp(files);
    assert.equal(programName(m.pid1), 'node');
    assertVerdictMatches(a.runtime, m, script);
    assert.match(m.logs, /stopping/);
  });

  test('exec su USER -c: su forks and stays PID 1; it signals the shell, not the app', async (t) => {
    const bases = await labBases(t);
    if (!bases) return;
    const script = '#!/bin/sh\nexec su nobody -s /bin/sh -c "node /app/server.js"\n';
    const files = scriptApp(bases.debian, script, '');
    const a = analyse(files);
    assert.ok(a.runtime);
    assert.equal(a.runtime.pid1?.program, 'su');
    assert.equal(a.runtime.appGetsStopSignal, false);
    const m = await runApp(files);
    assert.equal(programName(m.pid1), 'su');
    assert.ok(runningPrograms(m).includes('node'), JSON.stringify(m.processes));
    assert.equal(m.stop.exitCode, 143);
    assert.match(m.logs, /Session terminated, killing shell/);
    assert.doesNotMatch(m.logs, /stopping/, 'the app never got SIGTERM');
  });

  test('. ./run.sh at the end: the sourced script execs, node is PID 1', async (t) => {
    const bases = await labBases(t);
    if (!bases) return;
    const script = '#!/bin/sh\necho configuring\n. /usr/local/bin/run.sh\n';
    const files = scriptApp(bases.debian, script, 'CMD ["node", "/app/server.js"]', {
      'run.sh': 'echo from run.sh\nexec "$@"\n',
    });
    const a = analyse(files);
    assert.ok(a.runtime);
    const m = await runApp(files);
    assert.equal(programName(m.pid1), 'node');
    assertVerdictMatches(a.runtime, m, script);
    assert.match(m.logs, /from run\.sh/);
  });

  test('sh -c that backgrounds the app, traps TERM to signal it and waits: exit 143 at once', async (t) => {
    const bases = await labBases(t);
    if (!bases) return;
    const files: AppFiles = {
      Dockerfile: [
        `FROM ${bases.debian}`,
        'COPY server.js /app/server.js',
        `CMD ["bash", "-c", "node /app/server.js & pid=$!; trap 'kill -TERM $pid; wait $pid' TERM; wait $pid"]`,
        '',
      ].join('\n'),
      'server.js': server,
    };
    const a = analyse(files);
    assert.ok(a.runtime);
    assert.equal(a.runtime.gracefulStop, true);
    assert.deepEqual(rulesOf(a), []);
    const m = await runApp(files);
    assertVerdictMatches(a.runtime, m, files['Dockerfile']);
    assert.equal(m.stop.exitCode, 143);
    assert.ok(m.stop.ms < PROMPT_MS);
    assert.match(m.logs, /stopping/);
  });

  test('dash -c with a trap that signals the app but does not wait: exit 143 at once', async (t) => {
    const bases = await labBases(t);
    if (!bases) return;
    const files: AppFiles = {
      Dockerfile: [
        `FROM ${bases.debian}`,
        'COPY server.js /app/server.js',
        `CMD ["sh", "-c", "node /app/server.js & pid=$!; trap 'kill -TERM $pid' TERM; wait $pid"]`,
        '',
      ].join('\n'),
      'server.js': server,
    };
    const a = analyse(files);
    assert.ok(a.runtime);
    assert.match(a.runtime.reasons.join(' '), /cut short/);
    const m = await runApp(files);
    assert.equal(programName(m.pid1), 'sh');
    assertVerdictMatches(a.runtime, m, files['Dockerfile']);
    assert.equal(m.stop.exitCode, 143);
    assert.ok(m.stop.ms < PROMPT_MS);
  });

  test('node-image shape: `command -v "$1"` fails for a script name, so node runs it', async (t) => {
    const bases = await labBases(t);
    if (!bases) return;
    // Shape of docker-library/node docker-entrypoint.sh.
    const script = [
      '#!/bin/sh',
      'set -e',
      'if [ "${1#-}" != "${1}" ] || [ -z "$(command -v "${1}")" ]; then',
      '  set -- node "$@"',
      'fi',
      'exec "$@"',
      '',
    ].join('\n');
    // dash's `command -v` finds an existing path even when it is not executable (measured),
    // so the node image's own examples pass a bare script name from WORKDIR.
    const files = scriptApp(bases.debian, script, 'WORKDIR /app\nCMD ["server.js"]');
    const a = analyse(files);
    assert.ok(a.runtime);
    assert.deepEqual(a.runtime.pid1?.argv, ['node', 'server.js']);
    const m = await runApp(files);
    assert.deepEqual(m.pid1, ['node', 'server.js']);
    assertVerdictMatches(a.runtime, m, script);
  });

  test('a script written by a heredoc (COPY --chmod=755 <<EOF): the verdict follows it (built here from the same bytes: this engine has no BuildKit)', async (t) => {
    const bases = await labBases(t);
    if (!bases) return;
    const script = '#!/bin/sh\necho configuring\nexec node /app/server.js\n';
    const heredoc = [
      `FROM ${bases.debian}`,
      'COPY server.js /app/server.js',
      'COPY --chmod=755 <<EOF /start.sh',
      script.trimEnd(),
      'EOF',
      'ENTRYPOINT ["/start.sh"]',
      '',
    ].join('\n');
    const a = analyse({ Dockerfile: heredoc, 'server.js': server });
    assert.ok(a.runtime);
    assert.equal(a.runtime.pid1?.program, 'node');
    assert.match(a.runtime.reasons.join(' '), /heredoc in the Dockerfile, line 3/);
    // The legacy builder of Engine 20.10 has no heredocs (BuildKit's Dockerfile 1.4 does):
    // the same image, the script's bytes copied from the context.
    const same: AppFiles = {
      Dockerfile: [
        `FROM ${bases.debian}`,
        'COPY server.js /app/server.js',
        'COPY start.sh /start.sh',
        'RUN chmod 755 /start.sh',
        'ENTRYPOINT ["/start.sh"]',
        '',
      ].join('\n'),
      'server.js': server,
      'start.sh': script,
    };
    const m = await runApp(same);
    assert.equal(programName(m.pid1), 'node');
    assertVerdictMatches(a.runtime, m, heredoc);
  });

  test('tini in front of a pipeline: fast (143) but the app is SIGKILLed; with the tini -g fix the app gets TERM, and a slow shutdown is cut short', async (t) => {
    const bases = await labBases(t);
    if (!bases) return;
    const files: AppFiles = {
      Dockerfile: [
        `FROM ${bases.debian}`,
        'COPY server.js /app/server.js',
        'ENTRYPOINT ["/usr/bin/tini", "--"]',
        'CMD node /app/server.js | tee /tmp/app.log',
        '',
      ].join('\n'),
      'server.js': server,
    };
    const a = analyse(files);
    assert.ok(a.runtime);
    assert.equal(a.runtime.appGetsStopSignal, false);
    const m = await runApp(files);
    assertVerdictMatches(a.runtime, m, files['Dockerfile']);
    assert.equal(m.stop.exitCode, 143);
    assert.doesNotMatch(m.logs, /stopping/, "plain tini: the app's handler never runs");

    const withoutInit: AppFiles = {
      ...files,
      Dockerfile: files['Dockerfile'].replace('ENTRYPOINT ["/usr/bin/tini", "--"]\n', ''),
    };
    const after = fixed(withoutInit, 'shell-pid1', (f) => f.title.startsWith('Add tini -g'));
    assert.match(after['Dockerfile'], /ENTRYPOINT \["\/usr\/bin\/tini", "-g", "--"\]/);
    const again = analyse(after);
    assert.ok(again.runtime);
    assert.equal(again.runtime.appGetsStopSignal, true);
    assert.ok(!rulesOf(again).includes('shell-pid1'), JSON.stringify(again.findings));
    assert.match(again.runtime.reasons.join(' '), /cut short/);
    // The handler's start races the container's end (the shell dies of the same TERM and
    // tini exits with it; docs/measurements.md), so what is asserted is what is certain: a
    // prompt 143, and a cleanup that takes 300 ms never finishes, as the verdict says.
    const slowCleanup = {
      ...after,
      'server.js': server.replace(
        'srv.close(); process.exit(0);',
        "setTimeout(() => { console.error('cleanup done'); process.exit(0); }, 300);",
      ),
    };
    assert.notEqual(slowCleanup['server.js'], server);
    const m2 = await runApp(slowCleanup);
    assertVerdictMatches(again.runtime, m2, after['Dockerfile']);
    assert.equal(m2.stop.exitCode, 143);
    assert.ok(m2.stop.ms < PROMPT_MS);
    assert.doesNotMatch(m2.logs, /cleanup done/, `the cut-short cleanup finished:\n${m2.logs}`);
    findingOf(analyse(withoutInit), 'shell-pid1');
  });
});
