import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyseScript, shebangCommand, shebangInterpreter } from './script';

describe('entrypoint script analysis', () => {
  test('exec of the main process', () => {
    const a = analyseScript(
      '#!/bin/sh\nset -e\nif [ -n "$X" ]; then echo x; fi\nexec java -jar /app.jar "$@"\n',
    );
    assert.equal(a.ending, 'exec');
    assert.deepEqual(
      a.mainWords.map((w) => w.value ?? (w.isArgs ? '$@' : null)),
      ['java', '-jar', '/app.jar', '$@'],
    );
  });
  test('foreground child', () => {
    const a = analyseScript('#!/bin/bash\ncd /app\nnode server.js\n');
    assert.equal(a.ending, 'foreground');
    assert.equal(a.interpreter, 'bash');
    assert.equal(a.mainWords[0]!.value, 'node');
  });
  test('background + wait, with and without a TERM-forwarding trap', () => {
    const without = analyseScript('#!/bin/sh\nnode server.js &\nwait $!\n');
    assert.equal(without.ending, 'background-wait');
    assert.equal(without.trapForwards, false);
    const fwd = analyseScript(
      "#!/bin/sh\nnode server.js &\npid=$!\ntrap 'kill -TERM $pid' TERM INT\nwait $pid\n",
    );
    assert.equal(fwd.ending, 'background-wait');
    assert.equal(fwd.trapsTerm, true);
    assert.equal(fwd.trapForwards, true);
  });
  test('background and tail -f keeps the script as PID 1', () => {
    assert.equal(analyseScript('#!/bin/sh\nnginx &\ntail -f /dev/null\n').ending, 'background');
  });
  test('seed 000: start, poll with curl every 5 s, exit 1 after the timeout', () => {
    const seed = [
      '#!/bin/bash',
      './$SERVICE_NAME".jar" start',
      'rc=$?;',
      'if [[ $rc != 0 ]]; then exit $rc; fi',
      'declare -i counter=0',
      'declare -i max_counter=48',
      'until [[ (( counter -ge max_counter )) || "$(curl -X GET --silent --head $SERVER_URL | grep "Coyote")" != "" ]];',
      'do',
      '    printf "."',
      '    counter+=1',
      '    sleep 5',
      'done',
      'if [[ (( counter -ge max_counter )) ]];',
      'then',
      '    printf "\\n$(date) Server failed to start in $total_time seconds!\\n"',
      '    exit 1;',
      'fi',
      '',
    ].join('\n');
    const a = analyseScript(seed);
    assert.equal(a.ending, 'poll-exit');
    assert.ok(a.pollLoop && a.exitNonZero);
  });
  test('shebangs', () => {
    assert.equal(shebangInterpreter('#!/usr/bin/env bash\n').interpreter, 'bash');
    assert.equal(shebangInterpreter('#!/bin/sh\r\n').cr, true);
    assert.equal(shebangInterpreter('#!/usr/bin/python3\n').interpreter, null);
    assert.equal(shebangInterpreter('echo no shebang\n').interpreter, 'sh');
  });
});

describe('shebang command (what the kernel runs for an executable script)', () => {
  test('env, env -S, a path with an option, CRLF, none', () => {
    assert.deepEqual(shebangCommand('#!/usr/bin/env python3\nprint(1)\n'), {
      program: 'python3',
      argv: ['python3'],
    });
    assert.deepEqual(shebangCommand('#!/usr/bin/env -S node --enable-source-maps\n'), {
      program: 'node',
      argv: ['node', '--enable-source-maps'],
    });
    assert.deepEqual(shebangCommand('#!/usr/bin/python3 -u\n'), {
      program: '/usr/bin/python3',
      argv: ['/usr/bin/python3', '-u'],
    });
    assert.deepEqual(shebangCommand('#! /usr/bin/node\r\n'), {
      program: '/usr/bin/node',
      argv: ['/usr/bin/node'],
    });
    assert.equal(shebangCommand('print(1)\n'), null);
    assert.equal(shebangCommand('#!/usr/bin/env\n'), null);
  });
});
