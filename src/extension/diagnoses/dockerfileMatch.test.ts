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

test('broken JSON falls back to shell form', () => {
  assert.deepEqual(instructionArgv("entrypoint ['x']")?.argv, ['/bin/sh', '-c', "['x']"]);
});

test('continuations are joined under the escape directive, comment lines inside dropped', () => {
  const range = (start: number, end: number) => ({
    start: { line: start, character: 0 },
    end: { line: end, character: 0 },
  });
  const backslash = 'FROM alpine\nCMD ["a", \\\n  # a comment\n  "b"]\n';
  const [b] = commandLines(backslash, [range(1, 3)]);
  assert.deepEqual(instructionArgv(b!.text)?.argv, ['a', 'b']);
  // Windows images use a backtick: a backslash is then part of a path, not a continuation.
  const backtick =
    '# escape=`\nFROM mcr.microsoft.com/windows/servercore\nCMD ["C:\\\\app\\\\run.exe", `\n  "-v"]\n';
  const [w] = commandLines(backtick, [range(2, 3)]);
  assert.deepEqual(instructionArgv(w!.text)?.argv, ['C:\\app\\run.exe', '-v']);
});

test('other instructions are not commands', () => {
  assert.equal(instructionArgv('RUN make'), undefined);
});

test('commandLines: the final stage command, joined as the builder joins it, from the engine ranges', () => {
  const text =
    'FROM node:20 AS build\nCMD ["x"]\nFROM node:20\nENTRYPOINT ["node", \\\n  "a.js"]\n';
  const ranges = analyzeFile('/w/Dockerfile', text, noBuildContext).commandRanges;
  const lines = commandLines(text, ranges);
  assert.deepEqual(lines, [{ line: 4, text: 'ENTRYPOINT ["node",   "a.js"]' }]);
  assert.deepEqual(instructionArgv(lines[0].text)?.argv, ['node', 'a.js']);
  assert.deepEqual(commandLines(text, []), []);
});
