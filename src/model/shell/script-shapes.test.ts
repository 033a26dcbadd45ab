// Entrypoint-script shapes of public images (each names where the shape comes from; written
// here, not copied). The same shapes are built and stopped on real containers by
// test/docker/engine/scripts-as-written.test.ts.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyseScript } from './script';
import { analysePid1, type ImageFile } from '../pid1';

const words = (a: ReturnType<typeof analyseScript>): (string | null)[] =>
  a.mainWords.map((w) => w.value ?? (w.isArgs ? '$@' : null));

function verdict(files: Record<string, string>, argv: string[]) {
  return analysePid1(argv, {
    family: 'debian',
    workdir: '/',
    stopSignal: 'TERM',
    findFile: (path): ImageFile | null => {
      const rel = path.replace(/^\/usr\/local\/bin\//, '').replace(/^\//, '');
      return files[rel] !== undefined
        ? { relativePath: rel, imagePath: path, text: files[rel] }
        : null;
    },
  }).verdict;
}

describe('entrypoint scripts as written', () => {
  test('trap NAME TERM INT where NAME kills the child and waits (process-manager shape)', () => {
    const a = analyseScript(
      '#!/bin/sh\n_term() {\n  kill -TERM "$child" 2>/dev/null\n  wait "$child"\n}\ntrap _term TERM INT\n"$@" &\nchild=$!\nwait "$child"\n',
    );
    assert.equal(a.ending, 'background-wait');
    assert.equal(a.trapForwards, true);
    assert.equal(a.trapWaits, true);
  });
  test('a trap function that only logs does not forward', () => {
    const a = analyseScript('#!/bin/sh\nbye() { echo bye; }\ntrap bye TERM\nnode x.js &\nwait\n');
    assert.equal(a.trapsTerm, true);
    assert.equal(a.trapForwards, false);
  });
  test('exec "$@" inside _main behind an _is_sourced guard (docker-library/postgres shape)', () => {
    const a = analyseScript(
      [
        '#!/usr/bin/env bash',
        '_is_sourced() { [ "${FUNCNAME[1]}" = source ]; }',
        '_main() {',
        '  if [ "${1:0:1}" = "-" ]; then',
        '    set -- postgres "$@"',
        '  fi',
        '  exec "$@"',
        '}',
        'if ! _is_sourced; then',
        '  _main "$@"',
        'fi',
      ].join('\n'),
    );
    assert.equal(a.ending, 'exec');
    assert.equal(a.viaFunction, '_main');
    assert.deepEqual(words(a), ['$@']);
    assert.deepEqual(a.prepends, [{ words: ['postgres'], when: [{ kind: 'flag' }] }]);
  });
  test('prepend tests: flag, .conf suffix (redis shape), command -v (node shape)', () => {
    const redis = analyseScript(
      '#!/bin/sh\nif [ "${1#-}" != "$1" ] || [ "${1%.conf}" != "$1" ]; then\n  set -- redis-server "$@"\nfi\nexec "$@"\n',
    );
    assert.deepEqual(redis.prepends[0]!.when, [
      { kind: 'flag' },
      { kind: 'suffix', suffix: '.conf' },
    ]);
    const node = analyseScript(
      '#!/bin/sh\nif [ "${1#-}" != "${1}" ] || [ -z "$(command -v "${1}")" ]; then\n  set -- node "$@"\nfi\nexec "$@"\n',
    );
    assert.deepEqual(node.prepends[0]!.when, [{ kind: 'flag' }, { kind: 'not-command' }]);
  });
  test('a sourced script at the end decides', () => {
    const a = analyseScript('#!/bin/sh\necho configuring\n. /usr/local/bin/run.sh\n');
    assert.equal(a.sourced, '/usr/local/bin/run.sh');
  });
});

describe('the verdict follows them', () => {
  const prepend =
    '#!/bin/sh\nif [ "${1#-}" != "$1" ] || [ -z "$(command -v "$1")" ]; then\n  set -- node "$@"\nfi\nexec "$@"\n';
  test('a CMD of flags runs the prepended program', () => {
    const v = verdict({ 'start.sh': prepend }, ['/start.sh', '--inspect', 'x.js']);
    assert.deepEqual(v.pid1?.argv, ['node', '--inspect', 'x.js']);
    assert.match(v.reasons.join(' '), /set -- node "\$@"/);
  });
  test('a CMD that is a script name runs the prepended program; a known program is kept', () => {
    assert.deepEqual(verdict({ 'start.sh': prepend }, ['/start.sh', 'server.js']).pid1?.argv, [
      'node',
      'server.js',
    ]);
    assert.deepEqual(
      verdict({ 'start.sh': prepend }, ['/start.sh', 'python3', 'a.py']).pid1?.argv,
      ['python3', 'a.py'],
    );
  });
  test('whether an unknown word is a command is not known: no PID 1 is claimed', () => {
    const v = verdict({ 'start.sh': prepend }, ['/start.sh', 'myserver']);
    assert.equal(v.pid1, null);
    assert.match(v.reasons.join(' '), /command -v/);
  });
  test('su -c forks and stays; su signals the shell, not the app (measured)', () => {
    const v = verdict({ 'start.sh': '#!/bin/sh\nexec su app -c "node x.js"\n' }, ['/start.sh']);
    assert.equal(v.pid1?.program, 'su');
    assert.equal(v.appGetsStopSignal, false);
  });
  test('gosu and chpst exec: the program is PID 1', () => {
    for (const w of ['gosu app', 'su-exec app', 'chpst -u app']) {
      const v = verdict({ 'start.sh': `#!/bin/sh\nexec ${w} "$@"\n` }, [
        '/start.sh',
        'node',
        'x.js',
      ]);
      assert.equal(v.pid1?.program, 'node', w);
      assert.equal(v.appGetsStopSignal, true);
    }
  });
  test('sh -c that traps TERM to signal a backgrounded app and waits stops at once', () => {
    const v = verdict({}, [
      'sh',
      '-c',
      "node x.js & pid=$!; trap 'kill -TERM $pid' TERM; wait $pid",
    ]);
    assert.equal(v.gracefulStop, true);
    assert.equal(v.appGetsStopSignal, true);
    assert.match(v.reasons.join(' '), /cut short/, 'without wait in the trap the shutdown is cut');
  });
  test('tini in front of a pipeline: fast, but the app does not get the signal; -g: it does', () => {
    const plain = verdict({}, ['/usr/bin/tini', '--', '/bin/sh', '-c', 'node x.js | tee log']);
    assert.equal(plain.gracefulStop, true);
    assert.equal(plain.appGetsStopSignal, false);
    assert.match(plain.reasons.join(' '), /tini -g/);
    const group = verdict({}, [
      '/usr/bin/tini',
      '-g',
      '--',
      '/bin/sh',
      '-c',
      'node x.js | tee log',
    ]);
    assert.equal(group.appGetsStopSignal, true);
    assert.match(group.reasons.join(' '), /cut short/, 'the shell dies with the group, tini exits');
  });
});
