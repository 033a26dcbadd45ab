import { test } from 'node:test';
import assert from 'node:assert/strict';
import { catches, catchesNot, fixture } from '../../../../test/fixtures/explain/load';
import { startFailed } from './start-failed';

test('start-failed: the host port is taken by another container', () => {
  const e = fixture('start-failed');
  const f = catches(startFailed, e);
  assert.match(f.summary, /host port 0\.0\.0\.0:\d+ is already taken/);
  assert.match(f.fixes[0].detail, /docker ps --filter publish=\d+/);
});

test('start-failed: created and never started', () => {
  const e = fixture('command-not-found');
  e.state.error = '';
  const f = catches(startFailed, e);
  assert.equal(f.confidence, 'low');
  assert.equal(f.fixes[0].detail, `docker start ${e.container.name}`);
});

test('start-failed: only for containers that did not start', () => {
  catchesNot(startFailed, fixture('app-error'));
  catchesNot(startFailed, fixture('running'));
});
