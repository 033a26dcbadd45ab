// Capture what a user would paste into `container-doctor explain --from`: the docker CLI's
// own `docker inspect`, `docker events --format '{{json .}}'` and `docker logs --timestamps`
// of the lab's real reproductions, into test/fixtures/explain/captured/<scenario>/.
//   node --import tsx test/docker/diagnoses/capture-inspect.ts [scenario ...]
// The daemon-restart reproduction is left out: it kills dockerd, which other work shares.
// live.json records what the live diagnosis (Engine API + host) said of the same container.
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { labDocker } from '../lab';
import { collectEvidence, engineTimestamp } from '../../../src/runtime/explain/evidence';
import { classify } from '../../../src/runtime/explain/classify';
import { cleanupDiagnoses, expectedCause, scenarios } from './scenarios';

const outDir = join(__dirname, '..', '..', 'fixtures', 'explain', 'captured');
const SKIPPED = new Set(['daemon-restart']);

/** The docker CLI, arguments as an array (no shell): what the user runs. */
function docker(args: string[]): string {
  return execFileSync('docker', args, { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
}

async function captureOne(name: string): Promise<string> {
  const { container } = await scenarios[name]();
  const id = container.id;
  const dir = join(outDir, name);
  mkdirSync(dir, { recursive: true });
  const inspect = docker(['inspect', id]);
  writeFileSync(join(dir, 'inspect.json'), inspect);
  const created = Date.parse((JSON.parse(inspect) as { Created: string }[])[0].Created);
  const since = engineTimestamp(new Date(created - 1000));
  const until = engineTimestamp(new Date());
  writeFileSync(
    join(dir, 'events.jsonl'),
    docker([
      'events',
      '--since',
      since,
      '--until',
      until,
      '--filter',
      `container=${id}`,
      '--format',
      '{{json .}}',
    ]),
  );
  // `docker logs … > logs.txt 2>&1`: both streams into one file, as a user saves them.
  const fd = openSync(join(dir, 'logs.txt'), 'w');
  try {
    const r = spawnSync('docker', ['logs', '--timestamps', '--tail', '50', id], {
      stdio: ['ignore', fd, fd],
    });
    if (r.status !== 0) throw new Error(`docker logs exited ${r.status}`);
  } finally {
    closeSync(fd);
  }
  const live = await collectEvidence(labDocker(), id, { local: true });
  if (live.kind !== 'ok') throw new Error(`${name}: ${live.kind}: ${live.message}`);
  const x = classify(live.evidence);
  writeFileSync(
    join(dir, 'live.json'),
    JSON.stringify({ scenario: name, cause: x.cause, confidence: x.confidence }, null, 2) + '\n',
  );
  return `${x.cause === expectedCause[name] ? 'ok  ' : 'FAIL'} ${name}: live ${x.cause} (${x.confidence})`;
}

async function main(): Promise<void> {
  const asked = process.argv.slice(2);
  const names = asked.length ? asked : Object.keys(scenarios).filter((n) => !SKIPPED.has(n));
  await cleanupDiagnoses();
  let failures = 0;
  for (const name of names) {
    if (!scenarios[name]) throw new Error(`unknown scenario ${name}`);
    try {
      const line = await captureOne(name);
      if (line.startsWith('FAIL')) failures++;
      console.log(line);
    } catch (err) {
      failures++;
      console.log(`FAIL ${name}: ${(err as Error).stack}`);
    } finally {
      await cleanupDiagnoses();
    }
  }
  process.exitCode = failures ? 1 : 0;
}

void main();
