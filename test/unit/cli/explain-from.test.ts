// `container-doctor explain --from` through the real CLI process, on the docker CLI's own
// captures of a real reproduction: from a file, from stdin, and bad input (exit 2).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const captured = path.join(repoRoot, 'test', 'fixtures', 'explain', 'captured');
const tsxLoader = pathToFileURL(
  path.join(repoRoot, 'node_modules', 'tsx', 'dist', 'loader.mjs'),
).href;
const cliMain = path.join(repoRoot, 'src', 'cli', 'main.ts');

function explain(args: string[], input = '') {
  const r = spawnSync(process.execPath, ['--import', tsxLoader, cliMain, 'explain', ...args], {
    cwd: captured,
    input,
    encoding: 'utf8',
    // No engine may be needed: a DOCKER_HOST that cannot answer proves it.
    env: { ...process.env, NO_COLOR: '1', DOCKER_HOST: 'unix:///nonexistent/docker.sock' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('container-doctor explain --from', () => {
  test('a file with its events and logs: the same JSON contract as a live explanation', () => {
    const r = explain([
      '--from',
      'stop-timeout/inspect.json',
      '--events',
      'stop-timeout/events.jsonl',
      '--logs',
      'stop-timeout/logs.txt',
      '--format',
      'json',
    ]);
    assert.equal(r.status, 0, r.stderr);
    const x = JSON.parse(r.stdout) as Record<string, unknown> & { cause: string };
    assert.deepEqual(Object.keys(x), [
      'container',
      'cause',
      'confidence',
      'summary',
      'exitCode',
      'restartCount',
      'evidence',
      'timeline',
      'fixes',
    ]);
    assert.equal(x.cause, 'stop-timeout');
    assert.equal(x.confidence, 'high');
  });

  test('docker inspect on stdin, no events: says what it cannot know', () => {
    const r = explain(
      ['--from', '-'],
      readFileSync(path.join(captured, 'stop-timeout', 'inspect.json'), 'utf8'),
    );
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^cause: sigkill-external \(confidence low\), exit code 137/m);
    assert.match(r.stdout, /the events: not given \(--events\)/);
  });

  test('markdown names where the evidence came from', () => {
    const r = explain(['--from', 'oom-killed/inspect.json', '--format', 'markdown']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /## Why `.+` exited: `oom-killed`/);
    assert.match(r.stdout, /from captured evidence/);
  });

  for (const [what, args, input, message] of [
    ['empty stdin', ['--from', '-'], '', /stdin is empty/],
    ['not JSON', ['--from', '-'], 'Error: No such object: web\n', /stdin is not JSON/],
    [
      'JSON of the wrong shape',
      ['--from', '-'],
      '{"Id": 3}',
      /not a container's `docker inspect` output/,
    ],
    [
      'a missing file',
      ['--from', 'no-such-file.json'],
      '',
      /cannot read no-such-file\.json: ENOENT/,
    ],
    ['--events without --from', ['web', '--events', 'x'], '', /--events goes with --from/],
  ] as const)
    test(`${what} → exit 2 with a clear message`, () => {
      const r = explain([...args], input);
      assert.equal(r.status, 2);
      assert.match(r.stderr, message);
      assert.equal(r.stdout, '');
    });
});
