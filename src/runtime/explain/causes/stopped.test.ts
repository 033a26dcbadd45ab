import { test } from 'node:test';
import assert from 'node:assert/strict';
import { catches, catchesNot, fixture } from '../../../../test/fixtures/explain/load';
import { stopped } from './stopped';

test('stopped: tini as PID 1 exits 143 on docker stop', () => {
  const f = catches(stopped, fixture('stopped'));
  assert.match(
    f.summary,
    /A stop was requested \(SIGTERM\) and PID 1 exited in time, \d+ ms later, with 143/,
  );
  assert.equal(f.fixes[0].title, 'Nothing to fix in the container');
});

test('stopped: exit 0 with OOMKilled true after a child was OOM-killed', () => {
  const e = fixture('stopped-after-child-oom');
  const oomAt = e.events.items.find((ev) => ev.action === 'oom')?.time;
  const f = catches(stopped, e);
  assert.ok(oomAt && f.summary.includes(`child process was OOM-killed at ${oomAt}`));
  assert.ok(f.evidence.some((ev) => /PID 1 was not what the OOM killer ended/.test(ev.detail)));
  assert.match(f.fixes[0].title, /memory limit/);
});

test('stopped: not when the grace period ran out, nor a docker kill', () => {
  catchesNot(stopped, fixture('stop-timeout'));
  catchesNot(stopped, fixture('killed'));
  catchesNot(stopped, fixture('completed'));
});
