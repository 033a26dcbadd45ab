// `npm run bench`: run every bench/*.bench.ts (or those named: `npm run bench -- lint`
// or a path) one after another, each in its own node process through tsx, so one
// benchmark's warm JIT or heap never colours another's figures. Each bench prints its
// own table. Benchmarks report (PASS/MISS beside each goal); they do not fail the run:
// the exit code is non-zero only when a bench itself crashes.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const benchDir = join(root, 'bench');

function allBenches() {
  if (!existsSync(benchDir)) return [];
  return readdirSync(benchDir)
    .filter((name) => name.endsWith('.bench.ts'))
    .sort()
    .map((name) => join(benchDir, name));
}

function resolveBench(arg) {
  const candidates = [resolve(arg), join(benchDir, arg), join(benchDir, `${arg}.bench.ts`)];
  return candidates.find((p) => p.endsWith('.bench.ts') && existsSync(p));
}

const asked = process.argv.slice(2);
const benches = asked.length
  ? asked.map((a) => [a, resolveBench(a)])
  : allBenches().map((p) => [p, p]);
const unknown = benches.filter(([, p]) => !p).map(([a]) => a);
if (unknown.length) {
  console.error(
    `no such bench: ${unknown.join(', ')}; available: ${allBenches()
      .map((p) => basename(p, '.bench.ts'))
      .join(' ')}`,
  );
  process.exit(2);
}
if (benches.length === 0) {
  console.error('no bench/*.bench.ts found');
  process.exit(2);
}

const results = [];
for (const [, file] of benches) {
  const name = basename(file, '.bench.ts');
  console.log(`\n=== bench: ${name} (${new Date().toISOString()}) ===`);
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', file], {
    cwd: root,
    stdio: 'inherit',
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  results.push({ name, status: r.status ?? 1, seconds });
}

console.log('\n=== benches ===');
for (const r of results)
  console.log(
    `${r.status === 0 ? 'ran    ' : 'CRASHED'} ${r.name.padEnd(20)} ${r.seconds.toFixed(1)} s`,
  );
process.exit(results.some((r) => r.status !== 0) ? 1 : 0);
