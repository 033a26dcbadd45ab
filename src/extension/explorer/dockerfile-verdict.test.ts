// The Dockerfile engine's verdict applies to a container only when it runs that command.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import {
  commandMatches,
  judgePid1FromWorkspaceDockerfile,
  type DockerfileVerdictSource,
} from '../../runtime/live/dockerfile-verdict';
import { viewFromInspect, type InspectLike } from '../../runtime/containers';
import { analyzeFile, noBuildContext } from '../../analysis';

// The engine itself, in process (the extension asks the language server for the same).
const engine: DockerfileVerdictSource = (candidate) =>
  Promise.resolve(
    analyzeFile(candidate.path, readFileSync(candidate.path, 'utf8'), noBuildContext).runtime,
  );

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
  test('the compose-built Dockerfile judges npm as PID 1', async () => {
    const asked: string[] = [];
    const j = await judgePid1FromWorkspaceDockerfile(
      viewFromInspect(inspect(['npm', 'start'])),
      [dir],
      (candidate) => {
        asked.push(`${candidate.path} in ${candidate.contextDir}`);
        return engine(candidate);
      },
    );
    assert.deepEqual(asked, [`${join(dir, 'web', 'Dockerfile')} in ${join(dir, 'web')}`]);
    assert.equal(j?.basis, 'dockerfile');
    assert.equal(j?.program, 'npm');
    assert.equal(j?.reaps, 'no'); // seed 002: npm never reaps
    assert.match(j?.reason ?? '', /npm/);
  });
  test('not when the container runs another command, or with --init, or outside the workspace', async () => {
    const judge = (cmd: string[], folders: string[], init = false) =>
      judgePid1FromWorkspaceDockerfile(viewFromInspect(inspect(cmd, init)), folders, engine);
    assert.equal(await judge(['node', 'x.js'], [dir]), undefined);
    assert.equal(await judge(['npm', 'start'], [dir], true), undefined);
    assert.equal(await judge(['npm', 'start'], ['/elsewhere']), undefined);
  });
  test('no verdict from the engine (language server not running): no judgement', async () => {
    const none = await judgePid1FromWorkspaceDockerfile(
      viewFromInspect(inspect(['npm', 'start'])),
      [dir],
      () => Promise.resolve(undefined),
    );
    assert.equal(none, undefined);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
});
