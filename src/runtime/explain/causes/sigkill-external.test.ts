import { test } from 'node:test';
import assert from 'node:assert/strict';
import { catches, catchesNot, fixture } from '../../../../test/fixtures/explain/load';
import { pod } from '../../../../test/fixtures/explain/kubernetes/load';
import { sigkillExternal } from './sigkill-external';

test('sigkill-external: kill -9 of PID 1 from the host', () => {
  const f = catches(sigkillExternal, fixture('sigkill-external'));
  assert.equal(f.confidence, 'high');
  assert.ok(f.evidence.some((ev) => /no kill or stop request through Docker/.test(ev.detail)));
});

test('sigkill-external: the host OOM killer in the kernel log', () => {
  const e = fixture('sigkill-external');
  e.kernel = {
    status: 'read',
    oomLines: [
      { time: e.state.finishedAt, text: 'oom-kill:constraint=CONSTRAINT_NONE,global_oom' },
    ],
  };
  assert.match(catches(sigkillExternal, e).summary, /host \(not the container\) ran out of memory/);
});

test('sigkill-external: with the events gone a docker stop cannot be ruled out (low)', () => {
  const e = fixture('stop-timeout');
  e.events.items = [];
  const f = catches(sigkillExternal, e);
  assert.equal(f.confidence, 'low');
  assert.ok(f.evidence.some((ev) => /cannot be ruled out/.test(ev.detail)));
});

test('sigkill-external: not when Docker sent the SIGKILL', () => {
  catchesNot(sigkillExternal, fixture('killed'));
  catchesNot(sigkillExternal, fixture('stop-timeout'));
  catchesNot(sigkillExternal, fixture('signal'));
});

test('sigkill-external: a pod container SIGKILLed, replays documented Kubernetes API shapes', () => {
  const e = pod('crashloop-error.json');
  e.state.exitCode = 137;
  const f = catches(sigkillExternal, e);
  assert.equal(f.confidence, 'low');
  assert.match(f.summary, /whether the kubelet sent it/);
  assert.match(f.fixes[0].title, /node's kernel log/);
});
