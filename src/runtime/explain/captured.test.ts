// `explain --from`: the docker CLI's own `docker inspect`, `docker events --format
// '{{json .}}'` and `docker logs --timestamps` of the lab's real reproductions (written by
// test/docker/diagnoses/capture-inspect.ts), read without a connection.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expectedCause } from '../../../test/fixtures/explain/expected-causes';
import { capturedEvidence, parseLogTail, type CapturedInput } from './captured';
import { explainCaptured } from '.';

const dir = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'explain', 'captured');
const scenarios = readdirSync(dir).sort();

function captured(name: string, parts: { events?: boolean; logs?: boolean } = {}): CapturedInput {
  const read = (f: string) => readFileSync(join(dir, name, f), 'utf8');
  return {
    inspect: read('inspect.json'),
    ...(parts.events === false ? {} : { events: read('events.jsonl') }),
    ...(parts.logs === false ? {} : { logs: read('logs.txt') }),
  };
}

function explain(input: CapturedInput) {
  const r = explainCaptured(input);
  assert.equal(r.kind, 'ok', r.kind === 'ok' ? '' : r.message);
  if (r.kind !== 'ok') throw new Error('unreachable');
  return r.explanation;
}

function invalid(input: CapturedInput): string {
  const r = capturedEvidence(input);
  assert.equal(r.kind, 'invalid');
  return r.kind === 'invalid' ? r.message : '';
}

describe('explain --from: real captures of every reproduction', () => {
  test('every reproduction but the daemon restart was captured', () => {
    const expected = Object.keys(expectedCause).filter((n) => n !== 'daemon-restart');
    assert.deepEqual(scenarios, expected.sort());
  });
  for (const name of scenarios)
    test(`${name}: inspect + events + logs → ${expectedCause[name]}, as the live diagnosis said`, () => {
      const live = JSON.parse(readFileSync(join(dir, name, 'live.json'), 'utf8')) as {
        cause: string;
        confidence: string;
      };
      const x = explain(captured(name));
      assert.equal(x.cause, expectedCause[name], x.summary);
      assert.equal(x.cause, live.cause);
      assert.equal(x.confidence, live.confidence);
      assert.ok(x.timeline.some((t) => t.event === 'created'));
    });
});

describe('explain --from: what it cannot know without the events', () => {
  test('a stop that timed out reads as an unexplained SIGKILL, and says so', () => {
    const x = explain(captured('stop-timeout', { events: false }));
    assert.equal(x.cause, 'sigkill-external');
    assert.equal(x.confidence, 'low');
    assert.match(
      x.summary,
      /cannot be told whether Docker sent it \(a docker stop whose grace period ran out, docker kill\)/,
    );
    assert.ok(
      x.evidence.some(
        (e) => e.source === 'gaps' && /^the events: not given \(--events\)/.test(e.detail),
      ),
    );
    assert.ok(
      !x.evidence.some((e) => /the daemon keeps only its most recent events/.test(e.detail)),
    );
  });
  test('docker kill looks the same without events', () => {
    const x = explain(captured('killed', { events: false }));
    assert.equal(x.cause, 'sigkill-external');
    assert.equal(x.confidence, 'low');
  });
  test('a graceful stop (143) without events is a SIGTERM of unknown origin, medium at most', () => {
    const x = explain(captured('stopped', { events: false }));
    assert.equal(x.cause, 'signal');
    assert.notEqual(x.confidence, 'high');
    assert.ok(x.evidence.some((e) => e.detail === 'no events were given'));
  });
  test('the cgroup OOM kill needs no events: the OOMKilled flag says it', () => {
    const x = explain(captured('oom-killed', { events: false, logs: false }));
    assert.equal(x.cause, 'oom-killed');
    assert.equal(x.confidence, 'medium');
  });
  test('without the logs, a CRLF shebang is only an exit 1', () => {
    assert.equal(explain(captured('not-executable-crlf', { logs: false })).cause, 'app-error');
    const x = explain(captured('not-executable-crlf', { events: false }));
    assert.equal(x.cause, 'not-executable');
  });
  test('an events file of another container: said, not guessed', () => {
    const input = captured('stop-timeout');
    input.events = readFileSync(join(dir, 'killed', 'events.jsonl'), 'utf8');
    const x = explain(input);
    assert.notEqual(x.cause, 'stop-timeout');
    assert.ok(x.evidence.some((e) => /holds none for container/.test(e.detail)));
  });
});

describe('explain --from: input shapes', () => {
  test('one object (docker inspect --format "{{json .}}") reads as the array does', () => {
    const input = captured('stop-timeout');
    const one = { ...input, inspect: JSON.stringify((JSON.parse(input.inspect) as unknown[])[0]) };
    assert.deepEqual(explain(one), explain(input));
  });
  test('several containers: --container chooses by name or id prefix', () => {
    const a = JSON.parse(captured('stop-timeout').inspect) as { Id: string; Name: string }[];
    const b = JSON.parse(captured('oom-killed').inspect) as { Id: string; Name: string }[];
    const both = JSON.stringify([...a, ...b]);
    assert.match(invalid({ inspect: both }), /holds 2 containers .*--container NAME/);
    assert.equal(explain({ inspect: both, container: b[0].Name.slice(1) }).cause, 'oom-killed');
    assert.equal(explain({ inspect: both, container: a[0].Id.slice(0, 12) }).container.id, a[0].Id);
    assert.match(
      invalid({ inspect: both, container: 'nope' }),
      /no single container named or with id 'nope'/,
    );
  });
  test('bad input is a message, never an exception', () => {
    assert.match(invalid({ inspect: '' }), /is empty/);
    assert.match(invalid({ inspect: '  \n' }), /is empty/);
    assert.match(invalid({ inspect: 'Error: No such object: x' }), /is not JSON/);
    assert.match(invalid({ inspect: '[]' }), /holds no container/);
    assert.match(invalid({ inspect: '42' }), /not a container's `docker inspect` output/);
    assert.match(invalid({ inspect: '{"a":1}' }), /without Id and Config/);
    assert.match(
      invalid({ inspect: '[{"Id":"sha256:1","RepoTags":["x"],"Config":{},"ContainerConfig":{}}]' }),
      /an image's inspect/,
    );
    assert.match(invalid({ inspect: '{"apiVersion":"v1","kind":"Pod"}' }), /the Pod has no status/);
    const input = captured('stop-timeout');
    assert.match(
      invalid({ ...input, events: `${input.events}\nnot json\n`, names: { events: 'ev.jsonl' } }),
      /ev\.jsonl line \d+ is not JSON/,
    );
    assert.match(invalid({ ...input, events: '{"x":1}' }), /line 1 is not a docker event/);
  });
  test('a log tail with and without timestamps', () => {
    assert.deepEqual(parseLogTail('2026-12-03T19:21:59.606778966Z up\r\nplain line\n\n'), [
      { stream: 'stdout', time: '2026-12-03T19:21:59.606778966Z', text: 'up' },
      { stream: 'stdout', text: 'plain line' },
    ]);
  });
  test('the captures are the docker CLI output (not re-serialised by the tests)', () => {
    const events = readFileSync(join(dir, 'stop-timeout', 'events.jsonl'), 'utf8');
    assert.match(events.split('\n')[0], /^\{"status":"create","id":"[0-9a-f]{64}"/);
    assert.ok(existsSync(join(dir, 'stop-timeout', 'logs.txt')));
  });
});
