// Which build context a Dockerfile is built with: compose (short and long syntax), Bake (HCL
// and JSON, with `inherits`), dev containers (JSON with comments), nearest definition first,
// else the Dockerfile's folder. The layouts are those of public projects (a repository-root
// context for `docker/<service>/Dockerfile`), written here as in-memory trees.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as path from 'node:path';
import {
  cannotName,
  discoverBuildContext,
  hclBlocks,
  type DiscoveryFiles,
} from './context-discovery';

/** An in-memory tree: paths relative to /repo, '' content for a folder marker. */
function tree(files: Record<string, string>): DiscoveryFiles {
  const abs = new Map(Object.entries(files).map(([p, t]) => [path.join('/repo', p), t]));
  return {
    readText: (p) => abs.get(p),
    listDir: (dir) => {
      const names = new Set<string>();
      for (const p of abs.keys()) {
        const rel = path.relative(dir, p);
        if (!rel.startsWith('..') && rel !== '' && !path.isAbsolute(rel))
          names.add(rel.split('/')[0]!);
      }
      return [...names];
    },
  };
}

const df = 'FROM node:20\nCMD ["node", "server.js"]\n';

describe('compose', () => {
  test('long syntax: build.context ../.. and build.dockerfile relative to the context', () => {
    const files = tree({
      '.git/HEAD': 'ref',
      'docker/server/Dockerfile': df,
      'docker/server/compose.yaml':
        'services:\n  api:\n    build:\n      context: ../..\n      dockerfile: docker/server/Dockerfile\n',
    });
    const c = discoverBuildContext('/repo/docker/server/Dockerfile', files);
    assert.equal(c.root, '/repo');
    assert.equal(c.reason, 'docker/server/compose.yaml service api: build.context ../..');
    assert.equal(c.definedBy, '/repo/docker/server/compose.yaml');
  });
  test('short syntax at the repository root: build: ./web', () => {
    const files = tree({
      '.git/HEAD': 'ref',
      'web/Dockerfile': df,
      'docker-compose.yml':
        'version: "3.8"\nservices:\n  web:\n    build: ./web\n  db:\n    image: postgres:16\n',
    });
    const c = discoverBuildContext('/repo/web/Dockerfile', files);
    assert.equal(c.root, '/repo/web');
    assert.equal(c.reason, 'docker-compose.yml service web: build ./web');
  });
  test('a service building another Dockerfile does not decide', () => {
    const files = tree({
      '.git/HEAD': 'ref',
      'worker/Dockerfile': df,
      'compose.yaml':
        'services:\n  api:\n    build:\n      context: .\n      dockerfile: api/Dockerfile\n',
    });
    const c = discoverBuildContext('/repo/worker/Dockerfile', files);
    assert.equal(c.root, '/repo/worker');
    assert.match(c.reason, /Dockerfile's folder/);
    assert.equal(c.definedBy, null);
  });
  test('variables and remote contexts are not guessed', () => {
    const files = tree({
      '.git/HEAD': 'ref',
      'app/Dockerfile': df,
      'compose.yaml':
        'services:\n  a:\n    build:\n      context: ${APP_DIR}\n      dockerfile: Dockerfile\n  b:\n    build: https://github.com/example/app.git\n',
    });
    assert.equal(discoverBuildContext('/repo/app/Dockerfile', files).root, '/repo/app');
  });
  test('a broken compose file names no context', () => {
    const files = tree({ '.git/HEAD': 'ref', Dockerfile: df, 'compose.yaml': 'services: [\n' });
    assert.equal(discoverBuildContext('/repo/Dockerfile', files).definedBy, null);
  });
  test('the walk stops at the repository root (.git) and at stopAt', () => {
    const files = tree({
      'compose.yaml':
        'services:\n  x:\n    build:\n      context: .\n      dockerfile: proj/app/Dockerfile\n',
      'proj/.git/HEAD': 'ref',
      'proj/app/Dockerfile': df,
    });
    assert.equal(discoverBuildContext('/repo/proj/app/Dockerfile', files).root, '/repo/proj/app');
    const noGit = tree({
      'compose.yaml':
        'services:\n  x:\n    build:\n      context: .\n      dockerfile: proj/app/Dockerfile\n',
      'proj/app/Dockerfile': df,
    });
    assert.equal(
      discoverBuildContext('/repo/proj/app/Dockerfile', noGit, { stopAt: '/repo/proj' }).root,
      '/repo/proj/app',
    );
    assert.equal(
      discoverBuildContext('/repo/proj/app/Dockerfile', noGit, { stopAt: '/repo' }).root,
      '/repo',
    );
  });
});

describe('Bake', () => {
  test('HCL target with inherits: context from the parent, dockerfile relative to it', () => {
    const files = tree({
      '.git/HEAD': 'ref',
      'docker/api/Dockerfile': df,
      'docker-bake.hcl': [
        '# Bake file',
        'variable "TAG" { default = "latest" }',
        'group "default" { targets = ["api"] }',
        'target "_common" {',
        '  context = "."  // the repository root',
        '  args = {',
        '    NODE_ENV = "production"',
        '  }',
        '}',
        'target "api" {',
        '  inherits = ["_common"]',
        '  dockerfile = "docker/api/Dockerfile"',
        '  tags = ["example/api:${TAG}"]',
        '}',
        '',
      ].join('\n'),
    });
    const c = discoverBuildContext('/repo/docker/api/Dockerfile', files);
    assert.equal(c.root, '/repo');
    assert.equal(c.reason, 'docker-bake.hcl target "api": context .');
  });
  test('JSON target', () => {
    const files = tree({
      '.git/HEAD': 'ref',
      'build/Dockerfile.prod': df,
      'docker-bake.json': JSON.stringify({
        target: { prod: { context: '.', dockerfile: 'build/Dockerfile.prod' } },
      }),
    });
    const c = discoverBuildContext('/repo/build/Dockerfile.prod', files);
    assert.equal(c.root, '/repo');
    assert.equal(c.reason, 'docker-bake.json target "prod": context .');
  });
  test('HCL: interpolated values, heredocs and nested blocks are skipped, literals kept', () => {
    const blocks = hclBlocks(
      [
        'target "web" {',
        '  context = "${ROOT}/web"',
        '  dockerfile-inline = <<EOT',
        'FROM scratch',
        'EOT',
        '  platforms = TAG == "x" ? ["a"] : ["b"]',
        '  dockerfile = "web.Dockerfile"',
        '  /* block comment "context" = "no" */',
        '}',
      ].join('\n'),
    );
    assert.equal(blocks.length, 1);
    assert.deepEqual([...blocks[0]!.attributes], [['dockerfile', 'web.Dockerfile']]);
  });
});

describe('dev containers', () => {
  test('build.dockerfile and build.context relative to devcontainer.json (comments allowed)', () => {
    const files = tree({
      '.git/HEAD': 'ref',
      '.devcontainer/Dockerfile': df,
      '.devcontainer/devcontainer.json': [
        '{',
        '  // the repository root is the context',
        '  "name": "app",',
        '  "build": { "dockerfile": "Dockerfile", "context": "..", },',
        '}',
      ].join('\n'),
    });
    const c = discoverBuildContext('/repo/.devcontainer/Dockerfile', files);
    assert.equal(c.root, '/repo');
    assert.equal(c.reason, '.devcontainer/devcontainer.json build: build.context ..');
  });
  test('a Dockerfile elsewhere in the repository, named by the dev container', () => {
    const files = tree({
      '.git/HEAD': 'ref',
      'docker/dev/Dockerfile': df,
      '.devcontainer/devcontainer.json':
        '{ "build": { "dockerfile": "../docker/dev/Dockerfile", "context": ".." } }',
    });
    assert.equal(discoverBuildContext('/repo/docker/dev/Dockerfile', files).root, '/repo');
  });
});

test('the nearest definition wins over one higher up', () => {
  const files = tree({
    '.git/HEAD': 'ref',
    'services/api/Dockerfile': df,
    'services/api/compose.yaml': 'services:\n  api:\n    build: .\n',
    'compose.yaml':
      'services:\n  api:\n    build:\n      context: .\n      dockerfile: services/api/Dockerfile\n',
  });
  const c = discoverBuildContext('/repo/services/api/Dockerfile', files);
  assert.equal(c.root, '/repo/services/api');
  assert.equal(c.reason, 'compose.yaml service api: build .');
});

test('a compose file kept in docker/ beside the code builds ../server/Dockerfile', () => {
  const files = tree({
    '.git/HEAD': 'ref',
    'server/Dockerfile': df,
    'docker/docker-compose.yml':
      'services:\n  server:\n    build:\n      context: ../\n      dockerfile: server/Dockerfile\n',
  });
  const c = discoverBuildContext('/repo/server/Dockerfile', files);
  assert.equal(c.root, '/repo');
  assert.equal(c.reason, 'docker/docker-compose.yml service server: build.context ../');
});

test('a definition that cannot name the Dockerfile is skipped unparsed, with the same answer as parsing it', () => {
  // Generated layouts: compose, Bake and dev container files in the root, in a subfolder
  // and in docker/, whose builds name folders up, down and sideways, through `..`, anchors
  // and aliases, quoted and with other Dockerfile names; each Dockerfile of the tree is
  // discovered with the shortcut and with every definition parsed.
  let seed = 7;
  const random = () => (
    (seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff),
    seed / 0x7fffffff
  );
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const folders = ['', 'api', 'web', 'api/v2', 'docker', 'services/api', 'deploy'];
  const names = ['Dockerfile', 'Dockerfile.prod', 'api.Dockerfile', 'Containerfile'];
  const contexts = [
    '.',
    './api',
    'api',
    '..',
    '../api',
    'api/..',
    './web/../api',
    'api/v2',
    'services/api',
    '../services/api',
    '"api"',
    "'./web'",
    '${DIR}',
  ];
  let decided = 0;
  let skipped = 0;
  for (let i = 0; i < 1500; i++) {
    const files: Record<string, string> = { '.git/HEAD': '' };
    const dockerfiles: string[] = [];
    for (let d = 0; d < 3; d++) {
      const file = path.posix.join(pick(folders), pick(names));
      files[file] = df;
      dockerfiles.push(file);
    }
    const services = Array.from({ length: 1 + Math.floor(random() * 3) }, (_, k) => {
      const context = pick(contexts);
      const shape = random();
      if (shape < 0.3) return `  s${k}:\n    build: ${context}\n`;
      if (shape < 0.5)
        return `  s${k}:\n    build: &b${k}\n      context: ${context}\n  t${k}:\n    build: *b${k}\n`;
      return `  s${k}:\n    build:\n      context: ${context}\n      dockerfile: ${pick(names)}\n`;
    });
    const where = pick(['', '', '', 'api', 'docker', 'services']);
    const kind = random();
    if (kind < 0.6)
      files[path.posix.join(where, 'compose.yaml')] = `services:\n${services.join('')}`;
    else if (kind < 0.8)
      files[path.posix.join(where, 'docker-bake.hcl')] =
        `target "app" {\n  context = "${pick(contexts).replace(/["']/g, '')}"\n  dockerfile = "${pick(names)}"\n}\n`;
    else
      files[path.posix.join(where, '.devcontainer', 'devcontainer.json')] =
        `{ "build": { "dockerfile": "${pick(['../Dockerfile', '../api/Dockerfile', 'Dockerfile', '../../api/Dockerfile.prod'])}", "context": "${pick(['..', '.', '../api'])}" } }`;
    const layout = tree(files);
    const definitions = Object.entries(files).filter(([p]) => /compose|bake|devcontainer/.test(p));
    for (const file of dockerfiles) {
      for (const [p, text] of definitions)
        if (cannotName(text, path.dirname(path.join('/repo', p)), path.join('/repo', file)))
          skipped++;
      const fast = discoverBuildContext(path.join('/repo', file), layout);
      const full = discoverBuildContext(path.join('/repo', file), layout, {
        parseEveryDefinition: true,
      });
      assert.deepEqual(fast, full, `${file} in ${JSON.stringify(files, null, 1)}`);
      if (full.definedBy) decided++;
    }
  }
  // Not vacuous: many Dockerfiles are decided by a definition, and many definitions skipped.
  assert.ok(decided > 80 && skipped > 1000, `decided ${decided}, skipped ${skipped}`);
});
