// The analysis scheduler with real worker threads running the real engine (src/server/main.ts
// is the worker entry, as in the server): a slow document runs beside the others instead of
// in front of them, a superseded version is never analysed, and the workers (their heaps and
// parse caches) go away when nothing needs them.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { AnalysisRunner, type AnalysisJob } from '../../../src/server/analysisRunner';
import { repoRoot } from './lspClient';

const workerEntry = path.join(repoRoot, 'src', 'server', 'main.ts');

function job(file: string, text: string): AnalysisJob {
  return { path: file, text, contextRoot: null, openBuffers: [], options: {} };
}

/** A compose file whose analysis takes far longer than the budget (seconds on a busy machine). */
function slowCompose(services: number): string {
  const out = ['services:'];
  for (let i = 0; i < services; i++)
    out.push(`  svc${i}:`, `    image: node:20`, `    command: npm start`);
  return out.join('\n') + '\n';
}

const dockerfile = 'FROM debian:12\nCMD node server.js\n';

function runner(serial = false): { runner: AnalysisRunner; logs: string[] } {
  const logs: string[] = [];
  return {
    logs,
    runner: new AnalysisRunner({
      workerEntry,
      timeoutMs: 60_000,
      log: (m) => logs.push(m),
      serial,
    }),
  };
}

/** The order in which the outcomes arrived. */
async function arrivalOrder(r: AnalysisRunner): Promise<string[]> {
  // Warm a worker first, so that start-up is not what the order measures.
  assert.ok((await r.analyze(job('/w/warm/Dockerfile', dockerfile), 'warm')).ok);
  const order: string[] = [];
  const slow = r
    .analyze(job('/w/compose.yaml', slowCompose(3000)), 'compose')
    .then((o) => (order.push('compose'), o));
  const quick = r
    .analyze(job('/w/app/Dockerfile', dockerfile), 'dockerfile')
    .then((o) => (order.push('dockerfile'), o));
  const [slowOutcome, quickOutcome] = await Promise.all([slow, quick]);
  assert.ok(slowOutcome.ok, JSON.stringify(slowOutcome));
  assert.ok(quickOutcome.ok && quickOutcome.analysis.findings.some((f) => f.rule === 'shell-pid1'));
  return order;
}

describe('analysis scheduling', () => {
  test('a large compose file queued first does not hold back a Dockerfile queued after it', async () => {
    const { runner: r } = runner();
    try {
      assert.deepEqual(await arrivalOrder(r), ['dockerfile', 'compose']);
    } finally {
      r.dispose();
    }
  });

  test('contrast: with one serial worker (the old scheduling) the Dockerfile waits behind it', async () => {
    const { runner: r } = runner(true);
    try {
      assert.deepEqual(await arrivalOrder(r), ['compose', 'dockerfile']);
    } finally {
      r.dispose();
    }
  });

  test('a queued version replaced by a newer one is never analysed', async () => {
    const { runner: r } = runner();
    try {
      // v0 is running; v1 waits for it (one analysis per document at a time); v2 replaces v1.
      const v0 = r.analyze(job('/w/Dockerfile', 'FROM debian:12\n'), 'doc');
      const v1 = r.analyze(job('/w/Dockerfile', 'FROM debian:12\nCMD sleep 1\n'), 'doc');
      const v2 = r.analyze(job('/w/Dockerfile', dockerfile), 'doc');
      const [zeroth, first, second] = await Promise.all([v0, v1, v2]);
      assert.ok(zeroth.ok);
      assert.equal(!first.ok && first.reason, 'superseded');
      assert.ok(second.ok && second.analysis.findings.some((f) => f.rule === 'shell-pid1'));
    } finally {
      r.dispose();
    }
  });

  test('closing a document stops its analysis; closing all ends the workers', async () => {
    const { runner: r } = runner();
    try {
      assert.ok((await r.analyze(job('/w/Dockerfile', dockerfile), 'doc')).ok);
      const compose = r.analyze(job('/w/compose.yaml', slowCompose(3000)), 'compose');
      await new Promise((resolve) => setTimeout(resolve, 50));
      r.release('compose');
      const outcome = await compose;
      assert.equal(!outcome.ok && outcome.reason, 'superseded');
      r.release('doc');
      r.endIdleWorkers();
      assert.deepEqual(r.workerCount(), { quick: 0, heavy: 0 });
      // And it starts again on demand.
      assert.ok((await r.analyze(job('/w/Dockerfile', dockerfile), 'doc')).ok);
    } finally {
      r.dispose();
    }
  });
});
