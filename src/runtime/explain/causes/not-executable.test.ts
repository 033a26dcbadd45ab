import { test } from 'node:test';
import assert from 'node:assert/strict';
import { catches, catchesNot, fixture } from '../../../../test/fixtures/explain/load';
import { notExecutable } from './not-executable';

test('not-executable: a script without its x bit fails to start (permission denied)', () => {
  const f = catches(notExecutable, fixture('not-executable'));
  assert.match(f.summary, /"\/app\.sh" is not executable \(permission denied\)/);
  assert.match(f.fixes[0].detail, /COPY --chmod=755 \/app\.sh/);
});

test('not-executable: a CRLF shebang, told by the log', () => {
  const f = catches(notExecutable, fixture('not-executable-crlf'));
  assert.equal(f.confidence, 'high');
  assert.ok(f.evidence.some((ev) => ev.source === 'logs'));
});

test('not-executable: exit 126 without a log line is medium', () => {
  const e = fixture('app-error');
  e.state.exitCode = 126;
  e.logs.lines = [];
  assert.equal(catches(notExecutable, e).confidence, 'medium');
});

test('not-executable: not a missing command, not an app error', () => {
  catchesNot(notExecutable, fixture('command-not-found'));
  catchesNot(notExecutable, fixture('command-not-found-shell'));
  catchesNot(notExecutable, fixture('app-error'));
});
