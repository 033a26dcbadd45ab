import { test } from 'node:test';
import assert from 'node:assert/strict';
import { catches, catchesNot, fixture } from '../../../../test/fixtures/explain/load';
import { pod } from '../../../../test/fixtures/explain/kubernetes/load';
import { evicted } from './evicted';

test('evicted: replays documented Kubernetes API shapes (status.reason Evicted, the kubelet message)', () => {
  const f = catches(evicted, pod('evicted.json'));
  assert.match(f.summary, /evicted the pod from node node-3: the node was low on memory/);
  assert.match(f.summary, /container web used 1838660Ki against a request of 0/);
  assert.match(f.fixes[0].detail, /resources\.requests\.memory/);
});

test('evicted: not a pod that was not evicted, not a Docker container', () => {
  catchesNot(evicted, pod('oom-crashloop.json'));
  catchesNot(evicted, fixture('oom-killed'));
});
