// `npm run package`: the VSIX, from the esbuild bundles only (.vscodeignore keeps
// sources, tests, node_modules, benches and source maps out; the bundles need no
// node_modules). Prints the file, its size and what it holds.
//
//   node scripts/package.mjs [--out file.vsix] [--no-build]
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  readFileSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);
const args = process.argv.slice(2);
const outIndex = args.indexOf('--out');
const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
const out = resolve(
  outIndex >= 0 ? args[outIndex + 1] : join(root, `${manifest.name}-${manifest.version}.vsix`),
);

function fail(message) {
  console.error(`package: ${message}`);
  process.exit(1);
}

if (!args.includes('--no-build')) {
  const r = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  if (r.status !== 0) fail('the build failed');
}
for (const f of [
  'dist/extension.js',
  'dist/server.js',
  'dist/server-main.js',
  'dist/kubernetes-client.js',
  'dist/mvdan-sh.js',
  'dist/yaml.js',
  'dist/analysis-worker.js',
  'dist/analysis-job.js',
  'media/icon.png',
  'LICENSE',
  'README.md',
])
  if (!existsSync(f)) fail(`${f} is missing`);

// vsce walks the whole folder before applying .vscodeignore; node_modules and the cached
// code-server (.vscode-test) hold hundreds of thousands of files. Stage the top level
// without them (and without what .vscodeignore drops anyway), then package the stage.
const heavy = new Set([
  'node_modules',
  '.git',
  '.vscode-test',
  '.lab',
  'test-results',
  'src',
  'test',
  'bench',
]);
const stage = mkdtempSync(join(tmpdir(), 'cdoc-package-'));
for (const name of readdirSync(root)) {
  if (heavy.has(name) || name.endsWith('.vsix') || name.startsWith('.scratch')) continue;
  cpSync(join(root, name), join(stage, name), { recursive: true });
}
const require = createRequire(import.meta.url);
const vsce = require('@vscode/vsce');
let failure;
try {
  await vsce.createVSIX({ cwd: stage, packagePath: out, dependencies: false });
} catch (error) {
  failure = error instanceof Error ? error.message : String(error);
}
rmSync(stage, { recursive: true, force: true });
if (failure) fail(failure);
const bytes = statSync(out).size;
console.log(`package: ${out}`);
console.log(`package: ${(bytes / 1024).toFixed(0)} KiB (goal ≤ 1024 KiB)`);
