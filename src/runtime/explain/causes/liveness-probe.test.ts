import { test } from 'node:test';
import assert from 'node:assert/strict';
import { catches, catchesNot, fixture } from '../../../../test/fixtures/explain/load';
import { pod } from '../../../../test/fixtures/explain/kubernetes/load';
import { livenessProbe } from './liveness-probe';

test('liveness-probe: replays documented Kubernetes API shapes (Unhealthy x3, then Killing)', () => {
  const f = catches(livenessProbe, pod('liveness-probe.json', 'web'));
  assert.match(
    f.summary,
    /failed 3 times in a row \(every 10 s, 1 s timeout: about 30 s of failures\)/,
  );
  assert.match(f.summary, /context deadline exceeded/);
  assert.ok(f.evidence.some((e) => /Killing: Container web failed liveness probe/.test(e.detail)));
  assert.ok(!f.evidence.some((e) => /Stopping container/.test(e.detail)), "another pod's event");
});

test('liveness-probe: not without the Killing event, not an OOM kill', () => {
  catchesNot(livenessProbe, pod('oom-crashloop.json'));
  catchesNot(livenessProbe, pod('deleted-stop-timeout.json'));
  catchesNot(livenessProbe, fixture('stop-timeout'));
});
