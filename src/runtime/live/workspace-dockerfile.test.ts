// Which workspace Dockerfile built a container (one answer for the explorer, Open
// Dockerfile and Explain Exit), and what Explain Exit offers to pick from.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ContainerView } from '../containers';
import { explainCandidates } from './choices';
import { insideWorkspace, workspaceDockerfiles } from './workspace-dockerfile';

describe('workspaceDockerfiles', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cdoc-wsdf-'));
  mkdirSync(join(dir, 'web'));
  writeFileSync(join(dir, 'compose.yaml'), 'services:\n  web:\n    build: ./web\n');
  writeFileSync(join(dir, 'web', 'Dockerfile'), 'FROM node:20\nCMD ["npm", "start"]\n');
  const labels = {
    'com.docker.compose.project': 'shop',
    'com.docker.compose.service': 'web',
    'com.docker.compose.project.working_dir': dir,
    'com.docker.compose.project.config_files': join(dir, 'compose.yaml'),
  };
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('the compose service build, with its context, when it is inside a workspace folder', () => {
    assert.deepEqual(
      workspaceDockerfiles(labels, [dir]).map((c) => [c.path, c.contextDir]),
      [[join(dir, 'web', 'Dockerfile'), join(dir, 'web')]],
    );
  });
  test('none outside the workspace, none without folders, none without labels', () => {
    assert.deepEqual(workspaceDockerfiles(labels, ['/elsewhere']), []);
    assert.deepEqual(workspaceDockerfiles(labels, []), []);
    assert.deepEqual(workspaceDockerfiles({}, [dir]), []);
  });
  test('inside a folder means the folder or below it, not a sibling sharing its prefix', () => {
    assert.ok(insideWorkspace('/w/shop/Dockerfile', ['/w/shop']));
    assert.ok(insideWorkspace('/w/shop/Dockerfile', ['/w/shop/']));
    assert.ok(!insideWorkspace('/w/shop2/Dockerfile', ['/w/shop']));
  });
});

test('explainCandidates: every container not running, most recent exit first', () => {
  const view = (id: string, status: string, finishedAtMs?: number) =>
    ({ id, status, finishedAtMs }) as ContainerView;
  const picked = explainCandidates([
    view('old', 'exited', 1000),
    view('up', 'running', 5000),
    view('new', 'exited', 3000),
    view('looping', 'restarting', 2000),
    view('never-started', 'created'),
  ]);
  assert.deepEqual(
    picked.map((v) => v.id),
    ['new', 'looping', 'old', 'never-started'],
  );
});
