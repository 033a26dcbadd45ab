// The classifier on evidence captured from real containers (test/fixtures/explain/, written
// by test/docker/diagnoses/capture.ts), plus variants of those captures for the traps:
// events gone after a daemon restart, a crash loop, the host OOM killer.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { classify, signalNumber } from './classify';
import { logHints } from './hints';
import { explanationJson, explanationMarkdown } from './render';
import { causeIds, type ExplainEvidence } from './types';
import { expectedCause } from '../../../test/fixtures/explain/expected-causes';

const dir = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'explain');

function load(name: string): ExplainEvidence {
  const raw = JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as {
    evidence: ExplainEvidence;
  };
  return raw.evidence;
}

const clone = (e: ExplainEvidence): ExplainEvidence => structuredClone(e);

describe('classify: captured real evidence', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  test('every cause id has a captured reproduction', () => {
    const covered = new Set(Object.values(expectedCause));
    assert.deepEqual([...covered].sort(), [...causeIds].sort());
    for (const name of Object.keys(expectedCause)) assert.ok(files.includes(`${name}.json`), name);
  });
  for (const file of files) {
    const name = file.replace(/\.json$/, '');
    test(`${name} → ${expectedCause[name]}`, () => {
      const x = classify(load(name));
      assert.equal(x.cause, expectedCause[name], x.summary);
      assert.ok(x.summary.length > 20);
      assert.ok(x.evidence.length > 0);
      assert.ok(x.timeline.length > 0);
      const times = x.timeline.map((t) => Date.parse(t.time));
      assert.deepEqual(
        times,
        [...times].sort((a, b) => a - b),
        'timeline in order',
      );
    });
  }
});

describe('classify: the traps', () => {
  test('child OOM then graceful stop: exit 0 and OOMKilled true is not oom-killed', () => {
    const e = load('stopped-after-child-oom');
    assert.equal(e.state.exitCode, 0);
    assert.equal(e.state.oomKilled, true);
    const x = classify(e);
    assert.equal(x.cause, 'stopped');
    const oom = e.events.items.find((ev) => ev.action === 'oom');
    assert.ok(oom && x.summary.includes(`OOM-killed at ${oom.time}`));
  });

  test('cgroup OOM with the events gone: still oom-killed, lower confidence', () => {
    const e = clone(load('oom-killed'));
    e.events.items = [];
    e.kernel = { status: 'unreadable', oomLines: [] };
    const x = classify(e);
    assert.equal(x.cause, 'oom-killed');
    assert.equal(x.confidence, 'medium');
  });

  test('daemon restart where even the new daemon recorded nothing: still daemon-restart', () => {
    const e = clone(load('daemon-restart'));
    e.events.items = [];
    assert.equal(classify(e).cause, 'daemon-restart');
  });

  test('a stop-timeout long before a later daemon restart is not blamed on the daemon', () => {
    const e = clone(load('stop-timeout'));
    e.engine.daemonStartedAt = new Date(Date.parse(e.state.finishedAt) + 3_600_000).toISOString();
    e.events.items = []; // gone with the restart
    const x = classify(e);
    assert.notEqual(x.cause, 'daemon-restart');
    assert.equal(x.cause, 'sigkill-external');
    assert.equal(x.confidence, 'low', 'a docker stop or kill cannot be ruled out');
    assert.ok(x.evidence.some((ev) => /events are gone/.test(ev.detail)));
  });

  test('a crash loop: the latest run only, said so', () => {
    const e = clone(load('app-error'));
    e.state.restarting = true;
    e.state.running = true;
    e.restartCount = 7;
    e.restartPolicy = { name: 'always', maximumRetryCount: 0 };
    const x = classify(e);
    assert.equal(x.cause, 'app-error');
    assert.equal(x.restartCount, 7);
    assert.ok(
      x.evidence.some((ev) =>
        /crash-looping; the state describes the latest run only/.test(ev.detail),
      ),
    );
  });

  test('exit 137 with the host OOM killer in the kernel log: sigkill-external, from the host', () => {
    const e = clone(load('sigkill-external'));
    e.kernel = {
      status: 'read',
      oomLines: [
        {
          time: e.state.finishedAt,
          text: `oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=${e.container.id},mems_allowed=0,global_oom,task_memcg=/docker/${e.container.id},task=java,pid=4242,uid=0`,
        },
      ],
    };
    const x = classify(e);
    assert.equal(x.cause, 'sigkill-external');
    assert.match(x.summary, /host \(not the container\) ran out of memory/);
  });

  test('exit 143 without a docker kill: a signal from outside Docker', () => {
    const e = clone(load('completed'));
    e.state.exitCode = 143;
    const x = classify(e);
    assert.equal(x.cause, 'signal');
    assert.match(x.summary, /SIGTERM/);
  });

  test('docker kill -s with a name instead of a number', () => {
    assert.equal(signalNumber('SIGTERM'), 15);
    assert.equal(signalNumber('term'), 15);
    assert.equal(signalNumber('9'), 9);
    assert.equal(signalNumber(undefined), undefined);
  });

  test('a container created and never started', () => {
    const e = clone(load('command-not-found'));
    e.state.error = '';
    e.state.exitCode = 0;
    const x = classify(e);
    assert.equal(x.cause, 'start-failed');
    assert.equal(x.confidence, 'low');
  });
});

describe('log hints', () => {
  const base = load('app-error');
  const hint = (text: string) => logHints(base, [{ stream: 'stderr', text }]).map((h) => h.id);
  const cases: [string, string][] = [
    [
      'Exception in thread "main" java.lang.OutOfMemoryError: unable to create new native thread',
      'java-native-thread',
    ],
    ["sh: can't fork: Resource temporarily unavailable", 'fork-failed'],
    ['java.lang.OutOfMemoryError: Java heap space', 'java-heap'],
    [
      'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory',
      'node-heap',
    ],
    ['Error: listen EADDRINUSE: address already in use :::3000', 'address-in-use'],
    ['open /data/db.sqlite: permission denied', 'permission-denied'],
    [
      './server: error while loading shared libraries: libssl.so.3: cannot open shared object file: No such file or directory',
      'missing-library',
    ],
    ['bash: ./start.sh: /bin/sh^M: bad interpreter: No such file or directory', 'crlf-shebang'],
    ['exec /app/start.sh: no such file or directory', 'exec-missing-interpreter'],
    ['exec /app/server: exec format error', 'exec-format'],
    ['Sun Sep 22 02:08:03 PDT 2019 Server failed to start in 240 seconds!', 'poll-gave-up'],
    ['Waiting for server startup.............', 'poll-gave-up'],
  ];
  for (const [line, id] of cases)
    test(`${id}: ${line.slice(0, 50)}`, () =>
      assert.ok(hint(line).includes(id as never), hint(line).join()));
  test('an ordinary line gives no hint', () => assert.deepEqual(hint('listening on :8080'), []));

  test('app-error names the hint in the summary and proposes its fix', () => {
    const e = clone(base);
    e.logs.lines.push({
      stream: 'stderr',
      text: 'java.lang.OutOfMemoryError: unable to create new native thread',
    });
    const x = classify(e);
    assert.equal(x.cause, 'app-error');
    assert.match(x.summary, /could not start another thread/);
    assert.ok(x.fixes.some((f) => /thread pool/.test(f.title)));
  });
});

describe('render', () => {
  test('JSON has exactly the documented fields and no internal anchor', () => {
    const j = explanationJson(classify(load('stop-timeout')));
    assert.deepEqual(Object.keys(j), [
      'container',
      'cause',
      'confidence',
      'summary',
      'exitCode',
      'restartCount',
      'evidence',
      'timeline',
      'fixes',
    ]);
    for (const f of j.fixes) assert.deepEqual(Object.keys(f), ['title', 'detail']);
  });
  test('Markdown escapes what the container controls', () => {
    const e = clone(load('app-error'));
    e.logs.lines = [{ stream: 'stderr', text: '<img src=x onerror=alert(1)> [link](http://evil)' }];
    const md = explanationMarkdown(classify(e));
    assert.doesNotMatch(md, /(^|[^\\])<img/);
    assert.ok(md.includes('\\<img'));
    assert.doesNotMatch(md, /(^|[^\\])\[link\]\(http/);
  });
});
