// The Dockerfile engine's verdict applies to a container only when it runs that command.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commandMatches, judgePid1FromWorkspaceDockerfile } from './dockerfile-verdict';
import { viewFromInspect, type InspectLike } from '../../runtime/containers';

describe('commandMatches', () => {
  test('same argv, entrypoint-script tail, sh -c that execs', () => {
    assert.ok(commandMatches(['node', 'server.js'], ['node', 'server.js']));
    assert.ok(commandMatches(['docker-entrypoint.sh', 'node', 'server.js'], ['node', 'server.js']));
    assert.ok(commandMatches(['/bin/sh', '-c', 'sleep 1000'], ['sleep', '1000']));
    assert.ok(!commandMatches(['python3', 'other.py'], ['node', 'server.js']));
    assert.ok(!commandMatches([], ['node']));
  });
});

describe('judgePid1FromWorkspaceDockerfile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cdoc-dfv-'));
  mkdirSync(join(dir, 'web'));
  writeFileSync(join(dir, 'compose.yaml'), 'services:\n  web:\n    build: ./web\n');
  writeFileSync(join(dir, 'web', 'Dockerfile'), 'FROM node:20\nCMD ["npm", "start"]\n');
  const inspect = (cmd: string[], init = false): InspectLike => ({
    Id: 'c1',
    Name: '/shop-web-1',
    State: { Status: 'exited', Running: false, ExitCode: 137 },
    Config: {
      Image: 'shop-web',
      Entrypoint: ['docker-entrypoint.sh'],
      Cmd: cmd,
      Labels: {
        'com.docker.compose.project': 'shop',
        'com.docker.compose.service': 'web',
        'com.docker.compose.project.working_dir': dir,
        'com.docker.compose.project.config_files': join(dir, 'compose.yaml'),
      },
    },
    HostConfig: { Memory: 0, MemorySwap: 0, Init: init },
  });
  test('the compose-built Dockerfile judges npm as PID 1', () => {
    const j = judgePid1FromWorkspaceDockerfile(viewFromInspect(inspect(['npm', 'start'])), [dir]);
    assert.equal(j?.basis, 'dockerfile');
    assert.equal(j?.program, 'npm');
    assert.equal(j?.reaps, 'no'); // seed 002: npm never reaps
    assert.match(j?.reason ?? '', /npm/);
  });
  test('not when the container runs another command, or with --init, or outside the workspace', () => {
    assert.equal(
      judgePid1FromWorkspaceDockerfile(viewFromInspect(inspect(['node', 'x.js'])), [dir]),
      undefined,
    );
    assert.equal(
      judgePid1FromWorkspaceDockerfile(viewFromInspect(inspect(['npm', 'start'], true)), [dir]),
      undefined,
    );
    assert.equal(
      judgePid1FromWorkspaceDockerfile(viewFromInspect(inspect(['npm', 'start'])), ['/elsewhere']),
      undefined,
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
});
