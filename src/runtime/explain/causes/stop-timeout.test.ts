import { test } from 'node:test';
import assert from 'node:assert/strict';
import { catches, catchesNot, fixture } from '../../../../test/fixtures/explain/load';
import { stopTimeout } from './stop-timeout';

test('stop-timeout: shell-form PID 1, docker stop -t 2, SIGKILL 2.1 s after SIGTERM', () => {
  const f = catches(stopTimeout, fixture('stop-timeout'));
  assert.match(f.summary, /ignored SIGTERM for the whole 2\.1 s grace period/);
  assert.match(f.fixes[0].detail, /a shell that does not forward SIGTERM/);
  assert.equal(f.fixes[0].anchor, 'command');
});

test('stop-timeout: not a graceful stop, a docker kill, or a SIGKILL from the host', () => {
  for (const name of ['stopped', 'stopped-after-child-oom', 'killed', 'sigkill-external'])
    catchesNot(stopTimeout, fixture(name));
});

test('stop-timeout: not without the events (they alone show the SIGTERM before the SIGKILL)', () => {
  const e = fixture('stop-timeout');
  e.events.items = [];
  catchesNot(stopTimeout, e);
});
