import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ruleTester, findingsOf } from './tester';
import { cannotStart, meantExecForm } from './cannot-start';
import { analyzeFile } from '../index';

ruleTester(cannotStart, {
  valid: [
    { name: 'valid exec form', code: 'FROM debian:12\nCMD ["python3", "app.py"]\n' },
    { name: 'shell form', code: 'FROM debian:12\nCMD python3 app.py\n' },
    {
      name: 'a test command in shell form',
      code: 'FROM debian:12\nCMD [ -f /x ] && exec node x.js\n',
    },
    {
      name: 'a script without #! started by a shell runs (the shell reads it)',
      code: 'FROM debian:12\nCOPY start.sh /start.sh\nCMD ["sh", "/start.sh"]\n',
      files: { 'start.sh': 'echo hi\nexec sleep 1\n' },
    },
    {
      name: 'a script with #!',
      code: 'FROM debian:12\nCOPY start.sh /start.sh\nENTRYPOINT ["/start.sh"]\n',
      files: { 'start.sh': '#!/bin/sh\nexec sleep 1\n' },
    },
    {
      name: 'no build context at all: a missing COPY source is not reported',
      code: 'FROM debian:12\nCOPY docker-entrypoint.sh /usr/local/bin/\nENTRYPOINT ["docker-entrypoint.sh"]\n',
    },
    {
      name: 'suppressed',
      code: 'FROM debian:12\n# container-doctor-ignore cannot-start\nCMD ["npm start"]\n',
    },
  ],
  invalid: [
    {
      name: 'unquoted argument (measured: exit 127, [python3,: not found)',
      code: 'FROM debian:12\nWORKDIR /app\nCMD ["python3", app.py]\n',
      errors: [
        {
          message: 'exits 127 at once ("/bin/sh: 1: [python3,: not found")',
          severity: 'error',
          line: 3,
        },
      ],
      output: 'FROM debian:12\nWORKDIR /app\nCMD ["python3", "app.py"]\n',
    },
    {
      name: 'single quotes (measured: exit 127)',
      code: "FROM debian:12\nCMD ['node', 'server.js']\n",
      errors: [{ message: '[node,: not found' }],
      output: 'FROM debian:12\nCMD ["node", "server.js"]\n',
    },
    {
      name: 'trailing comma',
      code: 'FROM debian:12\nENTRYPOINT ["python3", "app.py",]\n',
      errors: [{ message: 'not valid JSON' }],
      output: 'FROM debian:12\nENTRYPOINT ["python3", "app.py"]\n',
    },
    {
      name: 'BusyBox ash prints the same without a line number',
      code: 'FROM alpine:3.20\nCMD ["node", server.js]\n',
      errors: [{ message: '"/bin/sh: [node,: not found"' }],
      output: 'FROM alpine:3.20\nCMD ["node", "server.js"]\n',
    },
    {
      name: 'a space after the bracket runs `[` (measured on dash: exit 2)',
      code: 'FROM debian:12\nCMD [ python3, app.py ]\n',
      errors: [{ message: 'exits 2' }],
      output: 'FROM debian:12\nCMD ["python3", "app.py"]\n',
    },
    {
      name: 'JSON numbers: the build fails (measured)',
      code: 'FROM debian:12\nCMD ["sleep", 100]\n',
      errors: [{ message: 'the build fails' }],
      output: 'FROM debian:12\nCMD ["sleep", "100"]\n',
    },
    {
      name: 'argv[0] holding a command line (measured: exit 127)',
      code: 'FROM debian:12\nCMD ["npm start"]\n',
      errors: [{ message: 'exec: "npm start": executable file not found in $PATH' }],
      output: 'FROM debian:12\nCMD ["npm", "start"]\n',
    },
    {
      name: 'argv[0] with arguments after it',
      code: 'FROM debian:12\nENTRYPOINT ["python3 -u", "app.py"]\n',
      errors: [{ message: '["python3", "-u", "app.py"]' }],
      output: 'FROM debian:12\nENTRYPOINT ["python3", "-u", "app.py"]\n',
    },
    {
      name: "tini's child holding a command line (measured: exit 127)",
      code: 'FROM debian:12\nENTRYPOINT ["/usr/bin/tini", "--"]\nCMD ["npm start"]\n',
      errors: [{ message: '[FATAL tini (7)] exec npm start failed', line: 3 }],
      output: 'FROM debian:12\nENTRYPOINT ["/usr/bin/tini", "--"]\nCMD ["npm", "start"]\n',
    },
    {
      name: 'a command line with shell features: no split is offered',
      code: 'FROM debian:12\nCMD ["npm start && echo done"]\n',
      errors: [{ message: 'exits 127' }],
      output: null,
    },
    {
      name: 'a script without #! (measured: exit 1, exec format error)',
      code: 'FROM debian:12\nCOPY start.sh /start.sh\nENTRYPOINT ["/start.sh"]\n',
      files: { 'start.sh': 'echo hi\nexec sleep 1\n' },
      errors: [{ message: 'exec /start.sh: exec format error' }],
      filesOutput: { 'start.sh': '#!/bin/sh\necho hi\nexec sleep 1\n' },
    },
    {
      name: 'a bash script without #! gets #!/bin/bash',
      code: 'FROM debian:12\nCOPY start.sh /start.sh\nENTRYPOINT ["/start.sh"]\n',
      files: { 'start.sh': 'opts=(-u)\nexec python3 "${opts[@]}" app.py\n' },
      errors: [{}],
      filesOutput: { 'start.sh': '#!/bin/bash\nopts=(-u)\nexec python3 "${opts[@]}" app.py\n' },
    },
    {
      name: 'a heredoc script without #!: the #! goes into the Dockerfile',
      code: 'FROM debian:12\nCOPY --chmod=755 <<EOF /start.sh\necho hi\nexec sleep 1\nEOF\nENTRYPOINT ["/start.sh"]\n',
      errors: [{ message: 'a heredoc in the Dockerfile, line 2' }],
      output:
        'FROM debian:12\nCOPY --chmod=755 <<EOF /start.sh\n#!/bin/sh\necho hi\nexec sleep 1\nEOF\nENTRYPOINT ["/start.sh"]\n',
    },
    {
      name: 'the entrypoint script is not in the build context: the build fails at its COPY',
      code: 'FROM debian:12\nCOPY app.py /app/\nCOPY docker-entrypoint.sh /usr/local/bin/\nENTRYPOINT ["docker-entrypoint.sh"]\n',
      files: { 'app.py': 'print(1)\n' },
      errors: [{ message: 'looked for /ctx/docker-entrypoint.sh', line: 3 }],
      output: null,
    },
  ],
});

test('a line that cannot start gets no other finding and no other fix', () => {
  for (const code of [
    'FROM debian:12\nCMD ["python", app.py]\n',
    'FROM debian:12\nCMD ["npm start"]\n',
    'FROM debian:12\nENTRYPOINT ["/usr/bin/tini", "--"]\nCMD ["npm start"]\n',
  ]) {
    const a = analyzeFile('/ctx/Dockerfile', code, { readFile: () => undefined, pathOf: (p) => p });
    assert.deepEqual(
      a.findings.map((f) => f.rule),
      ['cannot-start'],
      code,
    );
    assert.ok(a.runtime);
    assert.equal(a.runtime.gracefulStop, null, 'no stop behaviour is claimed');
    assert.equal(a.runtime.pid1, null);
    assert.match(a.runtime.reasons.join(' '), /cannot start/);
    assert.ok(a.runtime.cannotStart);
  }
  assert.equal(findingsOf(cannotStart, 'FROM debian:12\nCMD ["x"]\n', {}).length, 0);
});

test('meantExecForm reads the list the author meant', () => {
  assert.deepEqual(meantExecForm('["python3", app.py]'), ['python3', 'app.py']);
  assert.deepEqual(meantExecForm("['a b', 'c']"), ['a b', 'c']);
  assert.deepEqual(meantExecForm('["a", "b",]'), ['a', 'b']);
  assert.deepEqual(meantExecForm('["say \\"hi\\"", x]'), ['say "hi"', 'x']);
  assert.equal(meantExecForm('["a", "b'), null);
  assert.equal(meantExecForm('[a,,b]'), null);
  assert.equal(meantExecForm('echo [x]'), null);
});
