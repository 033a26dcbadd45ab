import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeFile, noBuildContext } from '../../analysis';
import { commandLines, instructionArgv } from './dockerfileMatch';

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

test('commandLines: the final stage command as written, from the engine ranges', () => {
  const text =
    'FROM node:20 AS build\nCMD ["x"]\nFROM node:20\nENTRYPOINT ["node", \\\n  "a.js"]\n';
  const ranges = analyzeFile('/w/Dockerfile', text, noBuildContext).commandRanges;
  const lines = commandLines(text, ranges);
  assert.deepEqual(lines, [{ line: 4, text: 'ENTRYPOINT ["node", \\\n  "a.js"]' }]);
  assert.deepEqual(instructionArgv(lines[0].text)?.argv, ['node', 'a.js']);
  assert.deepEqual(commandLines(text, []), []);
});
