import { test } from 'node:test';
import assert from 'node:assert/strict';
import { catches, catchesNot, fixture } from '../../../../test/fixtures/explain/load';
import { commandNotFound } from './command-not-found';

test('command-not-found: exec form of a missing binary never starts', () => {
  const f = catches(commandNotFound, fixture('command-not-found'));
  assert.match(f.summary, /"\/usr\/bin\/no-such-program" does not exist in the image/);
  assert.match(f.fixes[0].detail, /is not a file in the image/);
});

test('command-not-found: shell form, exit 127 and the shell saying "not found"', () => {
  const f = catches(commandNotFound, fixture('command-not-found-shell'));
  assert.match(f.summary, /exit 127\): "sh: no-such-program: not found"/);
});

test('command-not-found: exit 127 with an empty log still says what 127 means', () => {
  const e = fixture('command-not-found-shell');
  e.logs.lines = [];
  const f = catches(commandNotFound, e);
  assert.equal(f.confidence, 'medium');
  assert.ok(f.fixes.some((x) => x.title === 'Check CMD/ENTRYPOINT and PATH'));
});

test('command-not-found: not a port conflict, not a permission problem', () => {
  catchesNot(commandNotFound, fixture('start-failed'));
  catchesNot(commandNotFound, fixture('not-executable'));
  catchesNot(commandNotFound, fixture('app-error'));
});
