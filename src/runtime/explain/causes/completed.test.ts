import { test } from 'node:test';
import assert from 'node:assert/strict';
import { catches, catchesNot, fixture } from '../../../../test/fixtures/explain/load';
import { completed } from './completed';

test('completed: a script that backgrounds its service and ends with 0', () => {
  const f = catches(completed, fixture('completed'));
  assert.match(f.summary, /backgrounded or daemonised itself/);
  assert.equal(f.fixes[0].anchor, 'command');
});

test('completed: without events of the run, medium', () => {
  const e = fixture('completed');
  e.events.items = [];
  assert.equal(catches(completed, e).confidence, 'medium');
});

test('completed: not an exit 0 after docker stop', () => {
  catchesNot(completed, fixture('stopped-after-child-oom'));
  catchesNot(completed, fixture('app-error'));
});
