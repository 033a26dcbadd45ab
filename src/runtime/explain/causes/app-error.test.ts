import { test } from 'node:test';
import assert from 'node:assert/strict';
import { catches, catchesNot, fixture } from '../../../../test/fixtures/explain/load';
import { appError } from './app-error';

test('app-error: exit 3 with the reason on stderr', () => {
  const f = catches(appError, fixture('app-error'));
  assert.match(f.summary, /chose to exit with 3; its last words: "config error/);
  assert.equal(f.confidence, 'medium');
});

test('app-error: a start script whose poll loop gave up', () => {
  const f = catches(appError, fixture('app-error-poll'));
  assert.match(f.summary, /gave up waiting for the service and exited with 1/);
  assert.equal(f.confidence, 'high');
});

test('app-error: fork exhaustion under a pids limit', () => {
  const f = catches(appError, fixture('app-error-fork'));
  assert.match(f.summary, /could not fork/);
});

test('app-error: an empty log tail is said', () => {
  const e = fixture('app-error');
  e.logs.lines = [];
  assert.ok(catches(appError, e).evidence.some((ev) => ev.detail === 'the log tail is empty'));
});

test('app-error: nothing before a container ran', () => {
  catchesNot(appError, fixture('running'));
  catchesNot(appError, fixture('start-failed'));
});
