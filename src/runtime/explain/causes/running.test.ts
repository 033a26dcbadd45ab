import { test } from 'node:test';
import assert from 'node:assert/strict';
import { catches, catchesNot, fixture } from '../../../../test/fixtures/explain/load';
import { running } from './running';

test('running: a container that crashed twice and then stayed up', () => {
  const f = catches(running, fixture('running'));
  assert.match(f.summary, /restarted 2 time\(s\) by its on-failure policy/);
  assert.equal(f.evidence.filter((ev) => /a run died with 3/.test(ev.detail)).length, 2);
  assert.ok(f.fixes.some((x) => x.title === 'Explain the earlier exits'));
});

test('running: a paused container is running too', () => {
  const e = fixture('stopped');
  e.state.paused = true;
  catches(running, e);
});

test('running: not an exited or crash-looping container', () => {
  catchesNot(running, fixture('completed'));
  const e = fixture('app-error');
  e.state.running = true;
  e.state.restarting = true;
  catchesNot(running, e);
});
