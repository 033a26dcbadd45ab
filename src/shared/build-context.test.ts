// The disk build context: the folder chosen (given, discovered, or the Dockerfile's own), the
// reason it gives, `.dockerignore` (Docker's rules, Dockerfile-specific file first), and the
// files it records as dependencies. On a real temporary tree.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { analyzeFile } from '../analysis';
import { buildContextFor, createBuildContext, withBuildContext } from './build-context';

const root = mkdtempSync(path.join(tmpdir(), 'cdoc-context-'));
after(() => rmSync(root, { recursive: true, force: true }));

function write(rel: string, text: string): string {
  const p = path.join(root, rel);
  mkdirSync(path.dirname(p), { recursive: true });
  writeFileSync(p, text);
  return p;
}

// The shape of a repository that builds docker/server/Dockerfile from its root.
write('.git/HEAD', 'ref: refs/heads/main\n');
const dockerfile = write(
  'docker/server/Dockerfile',
  'FROM debian:12\nCOPY docker/server/entrypoint.sh /entrypoint.sh\nENTRYPOINT ["/entrypoint.sh"]\nCMD ["sleep", "1000"]\n',
);
write('docker/server/entrypoint.sh', '#!/bin/sh\nset -e\nexec "$@"\n');
write(
  'compose.yaml',
  'services:\n  server:\n    build:\n      context: .\n      dockerfile: docker/server/Dockerfile\n',
);

describe('buildContextFor', () => {
  test('the compose file decides: the repository root, and the entrypoint script is found', () => {
    const ctx = buildContextFor(dockerfile);
    assert.equal(ctx.root, root);
    assert.equal(ctx.reason, 'compose.yaml service server: build.context .');
    assert.ok(ctx.requested.has(path.join(root, 'compose.yaml')), 'compose.yaml is a dependency');
    const analysis = withBuildContext(
      analyzeFile(dockerfile, readFileSync(dockerfile, 'utf8'), ctx),
      ctx,
    );
    assert.deepEqual(analysis.buildContext, { root, reason: ctx.reason });
    assert.equal(analysis.runtime?.pid1?.program, 'sleep', JSON.stringify(analysis.runtime));
  });
  test("without a definition, the Dockerfile's folder: the script is not found there", () => {
    const ctx = buildContextFor(dockerfile, new Map(), { stopAt: path.join(root, 'docker') });
    assert.equal(ctx.root, path.dirname(dockerfile));
    assert.match(ctx.reason, /Dockerfile's folder/);
    assert.equal(ctx.readFile('docker/server/entrypoint.sh'), undefined);
  });
  test('a root given by the user (--context) wins, with its reason', () => {
    const ctx = buildContextFor(dockerfile, new Map(), { root });
    assert.equal(ctx.root, root);
    assert.equal(ctx.reason, `--context ${root}`);
  });
  test('open editor buffers are read in place of the disk', () => {
    const script = path.join(root, 'docker/server/entrypoint.sh');
    const ctx = buildContextFor(dockerfile, new Map([[script, '#!/bin/sh\nnode server.js\n']]));
    assert.equal(ctx.readFile('docker/server/entrypoint.sh'), '#!/bin/sh\nnode server.js\n');
  });
});

describe('.dockerignore', () => {
  const ctxRoot = path.join(root, 'ignored');
  write('ignored/.dockerignore', '# comment\n*.md\n!README.md\nsecrets\nscripts/**/*.bak\n');
  write('ignored/app.md', 'x');
  write('ignored/README.md', 'x');
  write('ignored/secrets/key', 'x');
  write('ignored/scripts/run.sh', '#!/bin/sh\n');
  write('ignored/scripts/old/run.sh.bak', 'x');
  write('ignored/docs/notes.md', 'x');
  test("Docker's rules: root-anchored globs, exceptions, folders and **", () => {
    const ctx = createBuildContext(ctxRoot);
    assert.equal(ctx.ignoreFile, path.join(ctxRoot, '.dockerignore'));
    assert.equal(ctx.readFile('app.md'), undefined);
    assert.equal(ctx.readFile('README.md'), 'x');
    assert.equal(ctx.readFile('secrets/key'), undefined);
    assert.equal(ctx.readFile('./scripts/run.sh'), '#!/bin/sh\n');
    assert.equal(ctx.readFile('scripts/old/run.sh.bak'), undefined);
    assert.equal(ctx.readFile('docs/notes.md'), 'x', '*.md matches at the root only');
  });
  test('<Dockerfile>.dockerignore beside the Dockerfile replaces the root one', () => {
    const own = write('ignored/build/app.Dockerfile', 'FROM debian:12\n');
    write('ignored/build/app.Dockerfile.dockerignore', 'scripts\n');
    const ctx = createBuildContext(ctxRoot, new Map(), { dockerfile: own });
    assert.equal(ctx.ignoreFile, `${own}.dockerignore`);
    assert.equal(ctx.readFile('scripts/run.sh'), undefined);
    assert.equal(ctx.readFile('app.md'), 'x');
  });
  test('an edited .dockerignore (open buffer) counts as it is now, and is a dependency', () => {
    const ignoreFile = path.join(ctxRoot, '.dockerignore');
    const ctx = createBuildContext(ctxRoot, new Map([[ignoreFile, 'README.md\n']]));
    assert.equal(ctx.readFile('README.md'), undefined);
    assert.equal(ctx.readFile('app.md'), 'x');
    assert.ok(ctx.requested.has(ignoreFile));
  });
});
