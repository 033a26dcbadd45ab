import { test } from 'node:test';
import assert from 'node:assert/strict';
import { catches, catchesNot, fixture } from '../../../../test/fixtures/explain/load';
import { killed } from './killed';

test('killed: docker kill (SIGKILL) of a running container', () => {
  const f = catches(killed, fixture('killed'));
  assert.match(f.summary, /killed through Docker with SIGKILL \(docker kill or docker rm -f\)/);
});

test('killed: docker kill -s with another signal names it', () => {
  const e = fixture('killed');
  const kill = e.events.items.find((ev) => ev.action === 'kill');
  assert.ok(kill);
  kill.attributes.signal = '10';
  e.state.exitCode = 138;
  assert.match(catches(killed, e).summary, /SIGUSR1 \(docker kill -s USR1\)/);
});

test('killed: not a stop, not a kill from outside Docker', () => {
  catchesNot(killed, fixture('stop-timeout'));
  catchesNot(killed, fixture('stopped'));
  catchesNot(killed, fixture('sigkill-external'));
});
