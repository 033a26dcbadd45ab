import { test } from 'node:test';
import assert from 'node:assert/strict';
import { instructionArgv } from './dockerfileMatch';

test('exec form is the JSON array', () => {
  assert.deepEqual(instructionArgv('CMD ["node", "server.js"]'), {
    keyword: 'CMD',
    argv: ['node', 'server.js'],
  });
});

test('shell form is /bin/sh -c with the text as written (as the image config stores it)', () => {
  assert.deepEqual(instructionArgv('CMD echo "listening on :8080"; sleep 100000'), {
    keyword: 'CMD',
    argv: ['/bin/sh', '-c', 'echo "listening on :8080"; sleep 100000'],
  });
});

test('broken JSON falls back to shell form; continuation lines are joined', () => {
  assert.deepEqual(instructionArgv("entrypoint ['x']")?.argv, ['/bin/sh', '-c', "['x']"]);
  assert.deepEqual(instructionArgv('CMD ["a", \\\n  "b"]')?.argv, ['a', 'b']);
});

test('other instructions are not commands', () => {
  assert.equal(instructionArgv('RUN make'), undefined);
});
