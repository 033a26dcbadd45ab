// .pre-commit-hooks.yaml, used as pre-commit uses it. pre-commit itself is a Python tool
// from PyPI, which this project's machines cannot install, so the test does what pre-commit
// does with a `language: node` hook: select the files with the hook's `files` regex (searched
// in each path relative to the repository root), run `entry` with them appended as arguments,
// and read the exit code (non-zero: the commit is refused). `container-doctor` in `entry` is an
// executable that runs this repository's CLI (../cli/run-cli.ts, writeCliBinary); the package
// pre-commit would install (`npm pack`) is checked to hold that bin.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { parse } from 'yaml';
import { isComposeFile, isDockerfile } from '../../../src/analysis';
import { repoRoot, writeCliBinary } from '../cli/run-cli';

interface HookDefinition {
  id: string;
  name: string;
  entry: string;
  language: string;
  files: string;
  pass_filenames?: boolean;
}

const hooks = parse(
  readFileSync(path.join(repoRoot, '.pre-commit-hooks.yaml'), 'utf8'),
) as HookDefinition[];
const hook = hooks.find((h) => h.id === 'container-doctor')!;
const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  bin: Record<string, string>;
  scripts: Record<string, string>;
};

/** The hook's `files`, a Python regex, in JavaScript: `(?i)` at the start is the `i` flag. */
function filesPattern(): RegExp {
  const caseless = hook.files.startsWith('(?i)');
  return new RegExp(caseless ? hook.files.slice(4) : hook.files, caseless ? 'i' : '');
}

const tempDirs: string[] = [];
after(() => {
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'cdoc-pre-commit-'));
  tempDirs.push(d);
  return d;
}

/** `entry` plus the file names, as pre-commit runs it (split on spaces; no shell). */
function runHook(files: string[]) {
  const [program, ...args] = hook.entry.split(/\s+/);
  assert.equal(program, 'container-doctor', 'entry starts with the bin pre-commit installs');
  const r = spawnSync(writeCliBinary(tempDir()), [...args, ...files], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  return { status: r.status, output: r.stdout + r.stderr };
}

describe('.pre-commit-hooks.yaml (pre-commit is a PyPI tool and cannot be installed here: its steps are done by hand)', () => {
  test('one node hook that gets the file names, with the package bin as entry', () => {
    assert.ok(hook, 'a hook with id container-doctor');
    assert.equal(hook.language, 'node');
    assert.equal(hook.pass_filenames, true);
    assert.ok(hook.name.length > 0);
    assert.equal(manifest.bin['container-doctor'], 'dist/cli.js');
  });

  test('files selects what `lint DIR` lints: Dockerfiles and compose files, nothing else', () => {
    const pattern = filesPattern();
    const tracked = execFileSync('git', ['ls-files'], { cwd: repoRoot, encoding: 'utf8' })
      .split('\n')
      .filter(Boolean);
    const names = [
      ...tracked,
      'Dockerfile',
      'services/api/Dockerfile.dev',
      'docker/api.Dockerfile',
      'Containerfile',
      'compose.yaml',
      'deploy/docker-compose.prod.yml',
      'COMPOSE.YML',
      'compose.json',
      'docs/Dockerfile-guide.txt',
      'src/dockerfile.ts',
    ];
    for (const name of names)
      assert.equal(
        pattern.test(name),
        isDockerfile(name) || isComposeFile(name),
        `${name}: the hook and lint disagree`,
      );
    const selected = tracked.filter((f) => pattern.test(f) && f.startsWith('examples/'));
    assert.ok(selected.includes('examples/compose.yaml'), selected.join(' '));
    assert.ok(selected.includes('examples/debian-node-shell/Dockerfile'), selected.join(' '));
    assert.ok(!selected.some((f) => f.endsWith('.js') || f.endsWith('.md')), selected.join(' '));
  });

  test('entry with the staged examples: exit 1 (the commit is refused), findings printed', () => {
    const pattern = filesPattern();
    const staged = execFileSync('git', ['ls-files', 'examples'], {
      cwd: repoRoot,
      encoding: 'utf8',
    })
      .split('\n')
      .filter((f) => f && pattern.test(f));
    const r = runHook(staged);
    assert.equal(r.status, 1, r.output);
    assert.match(
      r.output,
      /examples\/debian-node-shell\/Dockerfile:\d+:\d+ {2}warning .+shell-pid1/,
    );
    assert.match(r.output, /examples\/compose\.yaml:\d+:\d+ {2}error /);
  });

  test('entry with a clean Dockerfile only: exit 0 (the commit goes on)', () => {
    const r = runHook(['examples/fixed-node-tini/Dockerfile']);
    assert.equal(r.status, 0, r.output);
    assert.match(r.output, /no problems in 1 file/);
  });

  test('the package pre-commit installs (npm pack) holds the bin, built by prepack', () => {
    assert.match(manifest.scripts.prepack ?? '', /scripts\/build\.mjs/);
    // npm pack on a stage with this package.json and .npmignore, and stand-ins for what the
    // build and the sources would leave: which files does npm put in the package?
    const stage = tempDir();
    for (const f of ['package.json', '.npmignore', 'README.md', 'LICENSE'])
      cpSync(path.join(repoRoot, f), path.join(stage, f));
    for (const f of [
      'dist/cli.js',
      'dist/server.js',
      'dist/extension.js',
      'dist/cli.js.map',
      'src/cli/main.ts',
      'test/unit/x.test.ts',
      'examples/Dockerfile',
    ]) {
      mkdirSync(path.dirname(path.join(stage, f)), { recursive: true });
      writeFileSync(path.join(stage, f), '// stand-in\n');
    }
    const packed = JSON.parse(
      execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
        cwd: stage,
        encoding: 'utf8',
        env: { ...process.env, npm_config_loglevel: 'silent' },
      }),
    ) as { files: { path: string }[] }[];
    assert.deepEqual(packed[0].files.map((f) => f.path).sort(), [
      'LICENSE',
      'README.md',
      'dist/cli.js',
      'dist/server.js',
      'package.json',
    ]);
  });
});
