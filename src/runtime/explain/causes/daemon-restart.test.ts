import { test } from 'node:test';
import assert from 'node:assert/strict';
import { catches, catchesNot, fixture } from '../../../../test/fixtures/explain/load';
import { daemonRestart } from './daemon-restart';

test('daemon-restart: the captured kill -9 of dockerd and its restart', () => {
  const e = fixture('daemon-restart');
  const f = catches(daemonRestart, e);
  assert.equal(f.confidence, 'high');
  assert.ok(
    f.evidence.some((ev) => ev.detail.startsWith(`dockerd started at ${e.engine.daemonStartedAt}`)),
  );
  assert.ok(f.fixes.some((x) => /live-restore/.test(x.detail)));
});

test('daemon-restart: still recognised when even the new daemon recorded nothing', () => {
  const e = fixture('daemon-restart');
  e.events.items = [];
  const f = catches(daemonRestart, e);
  assert.ok(
    f.evidence.some((ev) => /no events of this run from before the restart/.test(ev.detail)),
  );
});

test('daemon-restart: not a stop long before a later restart, not without the start time', () => {
  const e = fixture('stop-timeout');
  e.engine.daemonStartedAt = new Date(Date.parse(e.state.finishedAt) + 3_600_000).toISOString();
  catchesNot(daemonRestart, e);
  const unknown = fixture('daemon-restart');
  delete unknown.engine.daemonStartedAt;
  catchesNot(daemonRestart, unknown);
  catchesNot(daemonRestart, fixture('sigkill-external'));
});
