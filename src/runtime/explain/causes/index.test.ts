// The registry: one detector per cause id, each with its docs page; the first detector
// that recognises a captured reproduction is the cause it reproduces.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fixture } from '../../../../test/fixtures/explain/load';
import { expectedCause } from '../../../../test/fixtures/explain/expected-causes';
import { logHints } from '../hints';
import { causeIds, kubernetesCauseIds, swarmCauseIds } from '../types';
import { detect, detectors, exitRun } from '.';

const repo = join(__dirname, '..', '..', '..', '..');

test('one detector per cause id, each documented', () => {
  assert.deepEqual(
    detectors.map((d) => d.id).sort(),
    [...causeIds, ...kubernetesCauseIds, ...swarmCauseIds].sort(),
  );
  for (const d of detectors) {
    assert.equal(d.docs, `docs/causes/${d.id}.md`);
    assert.ok(existsSync(join(repo, d.docs)), d.docs);
    assert.ok(d.why.length > 20, d.id);
    assert.ok(existsSync(join(__dirname, `${d.id}.test.ts`)), `${d.id} has its spec`);
  }
});

test('each phase ends with a detector that always answers', () => {
  const total = { running: 'running', start: 'start-failed', exited: 'app-error' } as const;
  for (const name of Object.keys(expectedCause)) {
    const e = fixture(name);
    const run = exitRun(e, logHints(e));
    const d = detectors.find((x) => x.id === total[run.phase]);
    assert.ok(d?.detect(run), `${name} (${run.phase})`);
    const answering = detectors.filter((x) => x.detect(run));
    assert.equal(answering.at(-1), d, `${name}: nothing after the phase's last detector answers`);
  }
});

for (const [name, cause] of Object.entries(expectedCause))
  test(`the first detector to recognise ${name} is ${cause}`, () => {
    const e = fixture(name);
    assert.equal(detect(exitRun(e, logHints(e))).cause, cause);
  });
