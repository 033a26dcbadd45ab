import { test } from 'node:test';
import assert from 'node:assert/strict';
import { catches, catchesNot, fixture } from '../../../../test/fixtures/explain/load';
import { signal } from './signal';

test('signal: python dereferencing NULL dies of SIGSEGV (139)', () => {
  const f = catches(signal, fixture('signal'));
  assert.match(f.summary, /SIGSEGV of its own making \(exit 139 = 128 \+ 11\)/);
  assert.equal(f.fixes[0].title, 'Find the crash');
});

test('signal: node out of heap as PID 1 ends in SIGSEGV, the log says why', () => {
  const f = catches(signal, fixture('signal-node-heap'));
  assert.match(f.summary, /JavaScript heap out of memory/);
  assert.match(f.summary, /does not receive SIGABRT/);
});

test('signal: exit 143 without a docker kill is a SIGTERM from outside Docker', () => {
  const e = fixture('completed');
  e.state.exitCode = 143;
  const f = catches(signal, e);
  assert.match(f.summary, /SIGTERM \(exit 143 = 128 \+ 15\), not sent through Docker/);
  assert.equal(f.confidence, 'medium');
});

test('signal: not a stop, not a SIGKILL', () => {
  catchesNot(signal, fixture('stopped'));
  catchesNot(signal, fixture('sigkill-external'));
  catchesNot(signal, fixture('app-error'));
});
