// Capture the evidence of real reproductions into test/fixtures/explain/<scenario>.json,
// so the classifier's unit tests run on what a real engine reported.
//   node --import tsx test/docker/diagnoses/capture.ts [scenario ...]
// Needs the real engine (the daemon-restart scenario kills and restarts dockerd).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { labDocker } from '../lab';
import { collectEvidence } from '../../../src/runtime/explain/evidence';
import { classify } from '../../../src/runtime/explain/classify';
import { cleanupDiagnoses, expectedCause, scenarios } from './scenarios';

const outDir = join(__dirname, '..', '..', 'fixtures', 'explain');

async function main(): Promise<void> {
  const names = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(scenarios);
  mkdirSync(outDir, { recursive: true });
  await cleanupDiagnoses();
  let failures = 0;
  for (const name of names) {
    const make = scenarios[name];
    if (!make)
      throw new Error(`unknown scenario ${name}; known: ${Object.keys(scenarios).join(' ')}`);
    try {
      const { container, facts } = await make();
      const r = await collectEvidence(labDocker(), container.id, { local: true });
      if (r.kind !== 'ok') throw new Error(`${name}: ${r.kind}: ${r.message}`);
      const x = classify(r.evidence);
      const ok = x.cause === expectedCause[name];
      if (!ok) failures++;
      writeFileSync(
        join(outDir, `${name}.json`),
        JSON.stringify({ scenario: name, facts, evidence: r.evidence }, null, 2) + '\n',
      );
      console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}: ${x.cause} (${x.confidence}) ${x.summary}`);
    } catch (err) {
      failures++;
      console.log(`FAIL ${name}: ${(err as Error).stack}`);
    }
  }
  await cleanupDiagnoses();
  process.exitCode = failures ? 1 : 0;
}

void main();
