// The code cache in real Node processes (each run is a child, as each CLI run is): the first
// run compiles and writes the cache at exit, the next run is compiled from it and behaves
// the same (module globals, require, __dirname), a rebuilt bundle is compiled again and the
// old cache removed, a corrupt cache costs a compile and nothing else, an unwritable cache
// directory changes nothing for the command, and files outside the bundle dir are untouched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const codeCache = path.join(__dirname, 'code-cache.ts');

function fixture(): { root: string; bundles: string; cache: string; other: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'cdoc-code-cache-'));
  const bundles = path.join(root, 'dist');
  const other = path.join(root, 'other');
  mkdirSync(bundles);
  mkdirSync(other);
  writeFileSync(
    path.join(bundles, 'command.js'),
    [
      '"use strict";',
      "const { join } = require('node:path');",
      "const helper = require('./helper.js');",
      'module.exports = {',
      '  answer: helper.twice(21),',
      '  here: join(__dirname, "x") === __dirname + "/x",',
      '  file: __filename.endsWith("command.js"),',
      "  resolved: require.resolve('./helper.js').endsWith('helper.js'),",
      '};',
      '',
    ].join('\n'),
  );
  writeFileSync(path.join(bundles, 'helper.js'), 'exports.twice = (n) => n * 2;\n');
  writeFileSync(path.join(other, 'outside.js'), 'module.exports = 1;\n');
  return { root, bundles, cache: path.join(root, 'cache'), other };
}

interface RunResult {
  hits: string[];
  misses: string[];
  value: { answer: number; here: boolean; file: boolean; resolved: boolean };
}

function run(f: ReturnType<typeof fixture>): RunResult {
  const script = [
    `const { useCodeCache } = require(${JSON.stringify(codeCache)});`,
    `const state = useCodeCache({ bundleDir: ${JSON.stringify(f.bundles)}, cacheDir: ${JSON.stringify(f.cache)}, force: true });`,
    `const value = require(${JSON.stringify(path.join(f.bundles, 'command.js'))});`,
    `require(${JSON.stringify(path.join(f.other, 'outside.js'))});`,
    'const base = (p) => require("node:path").basename(p);',
    'console.log(JSON.stringify({ hits: state.hits.map(base), misses: state.misses.map(base), value }));',
  ].join('\n');
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as RunResult;
}

const expected = { answer: 42, here: true, file: true, resolved: true };

test('first run compiles and writes the cache; the next one runs from it, the same', (t) => {
  const f = fixture();
  t.after(() => rmSync(f.root, { recursive: true, force: true }));
  const first = run(f);
  assert.deepEqual(first.value, expected);
  assert.deepEqual(first.hits, []);
  assert.deepEqual(first.misses.sort(), ['command.js', 'helper.js']);
  assert.equal(readdirSync(f.cache).filter((n) => n.endsWith('.v8cache')).length, 2);
  const second = run(f);
  assert.deepEqual(second.value, expected);
  assert.deepEqual(second.hits.sort(), ['command.js', 'helper.js']);
  assert.deepEqual(second.misses, []);
  assert.ok(!readdirSync(f.cache).some((n) => n.includes('outside')), 'only the bundle dir');
});

test('a rebuilt bundle is compiled again and its old cache removed', (t) => {
  const f = fixture();
  t.after(() => rmSync(f.root, { recursive: true, force: true }));
  run(f);
  writeFileSync(path.join(f.bundles, 'helper.js'), 'exports.twice = (n) => n + n;   \n');
  const after = run(f);
  assert.deepEqual(after.value, expected);
  assert.deepEqual(after.misses, ['helper.js']);
  assert.deepEqual(after.hits, ['command.js']);
  assert.equal(readdirSync(f.cache).filter((n) => n.includes('helper.js')).length, 1);
});

test('a corrupt cache costs a compile, never a wrong result', (t) => {
  const f = fixture();
  t.after(() => rmSync(f.root, { recursive: true, force: true }));
  run(f);
  for (const n of readdirSync(f.cache)) writeFileSync(path.join(f.cache, n), 'not a V8 cache');
  const r = run(f);
  assert.deepEqual(r.value, expected);
  assert.deepEqual(r.hits, []);
  assert.equal(run(f).hits.length, 2, 'rewritten at the end of that run');
});

test('an unwritable cache directory changes nothing for the command', (t) => {
  // A file where the directory would be: unwritable even for root (CI runs as root).
  const f = fixture();
  t.after(() => rmSync(f.root, { recursive: true, force: true }));
  writeFileSync(f.cache, 'a file where the cache directory would be');
  chmodSync(f.cache, 0o400);
  const r = run(f);
  assert.deepEqual(r.value, expected);
  assert.deepEqual(run(f).hits, []);
});

test('a cache folder others can write to is neither read nor written (another user could plant compiled code)', () => {
  const f = fixture();
  try {
    mkdirSync(f.cache);
    chmodSync(f.cache, 0o777);
    const first = run(f);
    assert.deepEqual(readdirSync(f.cache), []);
    const second = run(f);
    assert.deepEqual(second.hits, []);
    assert.deepEqual(second.value, first.value);
    chmodSync(f.cache, 0o700);
    run(f);
    assert.ok(run(f).hits.length > 0, 'once private, the folder is used');
  } finally {
    rmSync(f.root, { recursive: true, force: true });
  }
});
