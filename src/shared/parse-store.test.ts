// Parses kept between processes, in real Node processes (each run a child, as each CLI run
// is): a second run of the same texts gets the same shell programs without loading the shell
// parser, and the same compose builds without loading the YAML library; a corrupt store file,
// another build of the parsing bundle and an unwritable cache directory each cost a parse and
// change no answer; every program survives the JSON store.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseShellUncached } from '../model/shell/ast';
import { fileParseStore, keyOf } from './parse-store';

const repoRoot = path.join(__dirname, '..', '..');
const store = path.join(__dirname, 'parse-store.ts');
const ast = path.join(repoRoot, 'src', 'model', 'shell', 'ast.ts');

/** Entrypoint scripts of the fixtures: the texts a real run parses. */
function scripts(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true }))
      if (e.isDirectory()) walk(path.join(dir, e.name));
      else if (e.name.endsWith('.sh')) out.push(readFileSync(path.join(dir, e.name), 'utf8'));
  };
  walk(path.join(repoRoot, 'test', 'fixtures'));
  return out;
}

interface RunResult {
  programs: unknown[];
  posix: boolean[];
  parserLoaded: boolean;
}

/** A fresh Node process (through tsx) running `lines`; the JSON it prints. */
function inChild<T>(lines: string[]): T {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', lines.join('\n')], {
    encoding: 'utf8',
    env: { ...process.env, CONTAINER_DOCTOR_CODE_CACHE: undefined },
  });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as T;
}

function run(cacheDir: string, texts: string[]): RunResult {
  return inChild<RunResult>([
    `const { useParseStore } = require(${JSON.stringify(store)});`,
    `useParseStore({ cacheDir: ${JSON.stringify(cacheDir)} });`,
    `const { parseShell, isPosixShell } = require(${JSON.stringify(ast)});`,
    `const texts = ${JSON.stringify(texts)};`,
    'const programs = texts.map((t) => parseShell(t, "posix"));',
    'const posix = texts.map((t) => isPosixShell(t));',
    'const parserLoaded = Object.keys(require.cache).some((p) => p.includes("mvdan-sh"));',
    'console.log(JSON.stringify({ programs, posix, parserLoaded }));',
  ]);
}

test('a second run gets the same programs from the store without loading the shell parser', (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cdoc-shell-store-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const texts = [...scripts(), 'cd /app && exec node server.js', 'a=(1 2); echo "${a[0]}"'];
  assert.ok(texts.length > 8, `${texts.length} scripts`);
  const first = run(dir, texts);
  assert.equal(first.parserLoaded, true);
  assert.ok(first.programs.every((p) => p !== null));
  assert.deepEqual(first.posix.slice(-1), [false]); // an array is bash
  const second = run(dir, texts);
  assert.equal(second.parserLoaded, false, 'the second run loaded mvdan-sh');
  assert.deepEqual(second, { ...first, parserLoaded: false });

  // Corrupt entries: parsed again, same answers, and the entries are whole again after.
  const [folder] = readdirSync(dir).filter((f) => f.endsWith('.parses'));
  assert.ok(folder, readdirSync(dir).join(', '));
  const entries = readdirSync(path.join(dir, folder)).filter((f) => f.endsWith('.json'));
  assert.ok(entries.length >= texts.length, `${entries.length} entries`);
  for (const entry of entries) writeFileSync(path.join(dir, folder, entry), '{"truncated": ');
  const afterCorruption = run(dir, texts);
  assert.equal(afterCorruption.parserLoaded, true);
  assert.deepEqual(afterCorruption, first);
  assert.equal(run(dir, texts).parserLoaded, false);
});

test('an unwritable cache directory changes no answer', (t) => {
  // Under a regular file: no directory can be made there, not even by root.
  const dir = mkdtempSync(path.join(tmpdir(), 'cdoc-shell-store-ro-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(path.join(dir, 'a-file'), '');
  const texts = ['cd /app && exec node server.js'];
  const expected = run(path.join(dir, 'writable'), texts);
  const r = run(path.join(dir, 'a-file', 'cache'), texts);
  assert.deepEqual(r, expected);
  assert.equal(run(path.join(dir, 'a-file', 'cache'), texts).parserLoaded, true);
});

test('entries are per build of the parsing bundle: another file (or a rebuilt one) gets none', (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cdoc-shell-store-owner-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const bundleA = path.join(dir, 'a.js');
  const bundleB = path.join(dir, 'b.js');
  writeFileSync(bundleA, '// a\n');
  writeFileSync(bundleB, '// b\n');
  // Not written at exit: the folder is gone by then.
  const s = fileParseStore({ cacheDir: path.join(dir, 'cache'), writeAtExit: false });
  s.set(bundleA, 'posix', 'a && b', { statements: [] });
  assert.deepEqual(s.get(bundleA, 'posix', 'a && b'), { statements: [] });
  assert.equal(s.get(bundleA, 'bash', 'a && b'), undefined);
  assert.equal(s.get(bundleB, 'posix', 'a && b'), undefined);
});

test('every fixture script program is the same after the JSON round trip of the store', () => {
  for (const text of scripts())
    for (const dialect of ['posix', 'bash'] as const) {
      const program = parseShellUncached(text, dialect, true);
      assert.deepStrictEqual(JSON.parse(JSON.stringify(program)), program);
    }
});

test('the builds a compose file declares are kept too: a second discovery loads no YAML library', (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cdoc-compose-store-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const project = path.join(dir, 'project');
  mkdirSync(path.join(project, 'api'), { recursive: true });
  mkdirSync(path.join(project, '.git'));
  writeFileSync(path.join(project, 'api', 'Dockerfile'), 'FROM node:20\n');
  writeFileSync(
    path.join(project, 'compose.yaml'),
    'services:\n  api:\n    build:\n      context: .\n      dockerfile: api/Dockerfile\n',
  );
  const discovery = path.join(repoRoot, 'src', 'analysis', 'context-discovery.ts');
  const discover = () =>
    inChild<{ choice: { root: string; reason: string }; yamlLoaded: boolean }>([
      `const { useParseStore } = require(${JSON.stringify(store)});`,
      `useParseStore({ cacheDir: ${JSON.stringify(path.join(dir, 'cache'))} });`,
      `const fs = require('node:fs');`,
      `const { discoverBuildContext } = require(${JSON.stringify(discovery)});`,
      `const files = { readText: (p) => { try { return fs.readFileSync(p, 'utf8'); } catch { return undefined; } }, listDir: (p) => { try { return fs.readdirSync(p); } catch { return []; } } };`,
      `const choice = discoverBuildContext(${JSON.stringify(path.join(project, 'api', 'Dockerfile'))}, files);`,
      'const yamlLoaded = Object.keys(require.cache).some((p) => p.includes("node_modules/yaml/"));',
      'console.log(JSON.stringify({ choice, yamlLoaded }));',
    ]);
  const first = discover();
  assert.equal(first.choice.root, project);
  assert.match(first.choice.reason, /compose\.yaml service api/);
  assert.equal(first.yamlLoaded, true);
  const second = discover();
  assert.deepEqual(second, { ...first, yamlLoaded: false });
});

test('a cache folder others can write to is neither read nor written (another user could plant parses)', (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cdoc-shell-store-shared-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const cache = path.join(dir, 'cache');
  mkdirSync(cache);
  chmodSync(cache, 0o777);
  const texts = ['cd /app && exec node server.js'];
  const first = run(cache, texts);
  assert.deepEqual(readdirSync(cache), []);
  const second = run(cache, texts);
  assert.equal(second.parserLoaded, true);
  assert.deepEqual(second.programs, first.programs);
  // Made private again, the folder is used.
  chmodSync(cache, 0o700);
  run(cache, texts);
  assert.equal(run(cache, texts).parserLoaded, false);
});

test('an entry whose kept text differs from the text asked (a hash collision, an edited file) is a miss', (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cdoc-shell-store-collide-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const bundle = path.join(dir, 'bundle.js');
  writeFileSync(bundle, '// bundle\n');
  const cache = path.join(dir, 'cache');
  // An entry as an earlier run would leave it, but whose file (the key of `a && b`) holds
  // another text.
  const { size, mtimeMs } = statSync(bundle);
  const folder = path.join(
    cache,
    `${bundle.replace(/[^A-Za-z0-9._-]+/g, '_').slice(-120)}-${size}-${Math.round(mtimeMs)}.parses`,
  );
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const entry = path.join(folder, `${keyOf('shell-posix', 'a && b')}.json`);
  writeFileSync(entry, JSON.stringify({ text: 'a || b', value: null }));
  const s = fileParseStore({ cacheDir: cache, writeAtExit: false });
  assert.equal(s.get(bundle, 'shell-posix', 'a && b'), undefined);
  // The same file with the right text is a hit: the test writes the real format.
  writeFileSync(entry, JSON.stringify({ text: 'a && b', value: null }));
  assert.equal(s.get(bundle, 'shell-posix', 'a && b'), null);
});

test('the store is bounded: an entry over 512 K characters is not kept, at most 512 entries per build', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cdoc-shell-store-bound-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const bundle = path.join(dir, 'bundle.js');
  writeFileSync(bundle, '// bundle\n');
  const cache = path.join(dir, 'cache');
  const s = fileParseStore({ cacheDir: cache, writeAtExit: false, writeAfterMs: 1 });
  const big = 'x'.repeat(600 * 1024);
  s.set(bundle, 'k', big, null);
  assert.equal(s.get(bundle, 'k', big), undefined);
  for (let i = 0; i < 530; i++) s.set(bundle, 'k', `text ${i}`, i);
  await new Promise((resolve) => setTimeout(resolve, 200));
  const [folder] = readdirSync(cache);
  assert.equal(readdirSync(path.join(cache, folder!)).length, 512);
  // What is left is read back by a new store (a new run).
  const next = fileParseStore({ cacheDir: cache, writeAtExit: false });
  const kept = Array.from({ length: 530 }, (_, i) => next.get(bundle, 'k', `text ${i}`));
  assert.equal(kept.filter((v) => v !== undefined).length, 512);
  assert.ok(kept.every((v, i) => v === undefined || v === i));
});

test('a process keeps at most maxNewEntries new entries (the language server: 64)', (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cdoc-shell-store-max-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const bundle = path.join(dir, 'bundle.js');
  writeFileSync(bundle, '// bundle\n');
  const s = fileParseStore({
    cacheDir: path.join(dir, 'cache'),
    writeAtExit: false,
    maxNewEntries: 3,
  });
  for (let i = 0; i < 5; i++) s.set(bundle, 'k', `version ${i} of a document`, i);
  const kept = Array.from({ length: 5 }, (_, i) =>
    s.get(bundle, 'k', `version ${i} of a document`),
  );
  assert.deepEqual(kept, [0, 1, 2, undefined, undefined]);
});
