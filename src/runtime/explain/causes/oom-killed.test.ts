import { test } from 'node:test';
import assert from 'node:assert/strict';
import { catches, catchesNot, fixture } from '../../../../test/fixtures/explain/load';
import { oomKilled } from './oom-killed';

test('oom-killed: -m 16m and a growing shell string, with the oom event', () => {
  const f = catches(oomKilled, fixture('oom-killed'));
  assert.equal(f.confidence, 'high');
  assert.match(f.summary, /memory limit of 16 MiB \(exit 137, OOMKilled\)/);
  assert.ok(f.evidence.some((ev) => ev.source === 'events' && / oom$/.test(ev.detail)));
});

test('oom-killed: the flag alone, without events or kernel lines, is medium', () => {
  const e = fixture('oom-killed');
  e.events.items = [];
  e.kernel = { status: 'unreadable', oomLines: [] };
  assert.equal(catches(oomKilled, e).confidence, 'medium');
});

test('oom-killed: not the child-OOM trap (exit 0), not the host OOM killer', () => {
  catchesNot(oomKilled, fixture('stopped-after-child-oom'));
  const host = fixture('oom-killed');
  host.kernel = {
    status: 'read',
    oomLines: [
      { time: host.state.finishedAt, text: 'oom-kill:constraint=CONSTRAINT_NONE,global_oom' },
    ],
  };
  catchesNot(oomKilled, host);
  catchesNot(oomKilled, fixture('sigkill-external'));
});
