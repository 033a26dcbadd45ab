// `npm test`: every check the project has, in order, with one closing line.
//   node scripts/test.mjs [stage ...]   stages: lint typecheck build unit docker vscode
// Unit tests are *.test.ts beside the code in src/ and under test/unit/ (node's
// test runner through tsx); Docker tests are test/docker/**/*.test.ts against the
// real engine; VS Code tests run in a real extension host (test/vscode/run.ts).
// Every run gets a private TMPDIR (mkdtemp) that all stages inherit; at the end it must hold
// nothing the tests' own processes left behind. The machine's /tmp is not looked at: other
// processes write there.
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
process.chdir(root);
const all = ['lint', 'typecheck', 'build', 'unit', 'docker', 'vscode'];
const asked = process.argv.slice(2);
const stages = asked.length ? asked : all;
for (const s of stages)
  if (!all.includes(s)) {
    console.error(`unknown stage ${s}; stages: ${all.join(' ')}`);
    process.exit(2);
  }

function findTests(dir, out = []) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (name === 'node_modules' || name === 'fixtures') continue;
    if (statSync(p).isDirectory()) findTests(p, out);
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out.sort();
}

const runTmp = mkdtempSync(join(tmpdir(), 'cdoc-test-'));
/**
 * Caches the tools keep in TMPDIR on purpose: tsx's compile cache, the ripgrep tarball, Node's
 * compile cache and ours (src/shared/code-cache.ts).
 */
const toolCaches = [
  /^tsx-\d+$/,
  /^vscode-ripgrep-cache/,
  /^node-compile-cache$/,
  /^container-doctor-code-cache-/,
];

const totals = { passed: 0, failed: 0, skipped: 0 };
const results = [];
mkdirSync('test-results', { recursive: true });

function run(cmd, args, env = {}) {
  const r = spawnSync(cmd, args, {
    stdio: 'inherit',
    env: { ...process.env, TMPDIR: runTmp, CDOC_RUN_TMPDIR: runTmp, ...env },
  });
  return r.status ?? 1;
}

function nodeTests(name, files, extraEnv = {}) {
  if (files.length === 0) {
    console.error(`${name}: no test files found`);
    return 1;
  }
  const tap = join('test-results', `${name}.tap`);
  rmSync(tap, { force: true });
  const code = run(
    process.execPath,
    [
      '--import',
      'tsx',
      '--test',
      '--test-concurrency=1',
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=tap',
      `--test-reporter-destination=${tap}`,
      ...files,
    ],
    extraEnv,
  );
  const text = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  const count = (k) => Number((text.match(new RegExp(`^# ${k} (\\d+)$`, 'm')) ?? [])[1] ?? 0);
  totals.passed += count('pass');
  totals.failed += count('fail') + count('cancelled');
  totals.skipped += count('skipped') + count('todo');
  return code;
}

for (const stage of stages) {
  console.log(`\n=== ${stage} ===`);
  let code = 0;
  if (stage === 'lint')
    code = run('npx', ['eslint', '.']) || run('npx', ['prettier', '--check', '.']);
  else if (stage === 'typecheck') code = run('npx', ['tsc', '-p', '.', '--noEmit']);
  else if (stage === 'build') code = run(process.execPath, ['scripts/build.mjs']);
  else if (stage === 'unit')
    code = nodeTests('unit', [...findTests('src'), ...findTests('test/unit')]);
  else if (stage === 'docker') {
    // The engine-restart test stops and starts dockerd: last, so no other test sees it.
    const files = findTests('test/docker');
    const last = files.filter((f) => f.includes('engine-restart'));
    code = nodeTests('docker', [...files.filter((f) => !last.includes(f)), ...last]);
  } else if (stage === 'vscode') {
    const resultsFile = join(root, 'test-results', 'vscode.json');
    rmSync(resultsFile, { force: true });
    code = run(process.execPath, ['--import', 'tsx', 'test/vscode/run.ts'], {
      CDOC_RESULTS_FILE: resultsFile,
    });
    if (existsSync(resultsFile)) {
      const r = JSON.parse(readFileSync(resultsFile, 'utf8'));
      totals.passed += r.passed ?? 0;
      totals.failed += r.failed ?? 0;
      totals.skipped += r.skipped ?? 0;
    } else if (code === 0) code = 1; // a run that reports nothing did not test anything
  }
  results.push([stage, code]);
  if (code !== 0 && ['typecheck', 'build'].includes(stage) && process.env.CDOC_KEEP_GOING !== '1') {
    console.error(`${stage} failed (exit ${code}); set CDOC_KEEP_GOING=1 to run the rest anyway`);
    break;
  }
}

const left = readdirSync(runTmp).filter((name) => !toolCaches.some((re) => re.test(name)));
if (left.length) {
  console.error(`\nleft behind in the run's TMPDIR (${runTmp}):\n  ${left.join('\n  ')}`);
  // Locally a warning (an interrupted test may leave its folder); in CI a failure.
  if (process.env.CI) results.push(['leftovers', 1]);
}
rmSync(runTmp, { recursive: true, force: true });

console.log('\n=== summary ===');
for (const [s, c] of results)
  console.log(`${s.padEnd(10)} ${c === 0 ? 'ok' : `FAILED (exit ${c})`}`);
const failedStages = results.filter(([, c]) => c !== 0).length;
console.log(
  `${totals.passed} passed, ${totals.failed + (totals.failed === 0 ? failedStages : 0)} failed, ${totals.skipped} skipped`,
);
process.exit(failedStages ? 1 : 0);
