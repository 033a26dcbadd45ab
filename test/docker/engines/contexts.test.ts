// The CLI across real engines chosen as the docker CLI chooses them: `ps --context NAME`
// finds a container that lives only on the lab's second engine, the precedence
// --host > --context > DOCKER_HOST > DOCKER_CONTEXT holds, and `audit --all-contexts`
// audits the host engine, the second engine and the ssh engine in one report.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { runCliInProcess } from '../run-cli-in-process';
import type { EngineAudit } from '../../../src/cli/commands/audit';
import { busyboxImage, labDocker } from '../lab';
import {
  copyImage,
  engine2,
  ENGINE2_SOCKET,
  ENGINES_LABEL,
  removeLabelled,
  requireLabEngines,
  SSH_HOST,
  tempDir,
  writeDockerConfig,
  writeSshHome,
} from './engines-lab';

const config = tempDir('cdoc-engines-config-');
const home = tempDir('cdoc-engines-home-');
const name = `cdoc-engines-ctx-${process.pid}`;
const savedHome = process.env.HOME;

function cli(args: string[], env: Record<string, string | undefined> = {}) {
  // No DOCKER_HOST or DOCKER_CONTEXT from the runner: each test says what it sets.
  return runCliInProcess(args, {
    PATH: process.env.PATH,
    HOME: home.path,
    DOCKER_CONFIG: config.path,
    ...env,
  });
}

before(async () => {
  await requireLabEngines();
  writeDockerConfig(config.path, { e2: `unix://${ENGINE2_SOCKET}`, sshlab: SSH_HOST });
  writeSshHome(home.path);
  // ssh reads ~/.ssh through the process's home, as the docker CLI's ssh does.
  process.env.HOME = home.path;
  const image = await busyboxImage();
  await copyImage(labDocker(), engine2(), image);
  const c = await engine2().createContainer({
    name,
    Image: image,
    Cmd: ['sh', '-c', 'sleep 1000'],
    Labels: { [ENGINES_LABEL]: String(process.pid) },
  });
  await c.start();
});

after(async () => {
  process.env.HOME = savedHome;
  await removeLabelled(engine2());
  config.remove();
  home.remove();
});

test('ps --context e2 finds the container that lives only on the second engine', async () => {
  const r = await cli(['ps', name, '--context', 'e2', '--format', 'json']);
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out) as { container: { name: string }; source: string };
  assert.equal(j.container.name, name);

  const onHost = await cli(['ps', name]);
  assert.equal(
    onHost.code,
    2,
    'the default context is the host engine, which has no such container',
  );
});

test('precedence: --host > --context > DOCKER_HOST > DOCKER_CONTEXT > current context', async () => {
  const host = 'unix:///var/run/docker.sock';
  const e2 = `unix://${ENGINE2_SOCKET}`;
  const found = async (args: string[], env: Record<string, string> = {}) =>
    (await cli(['ps', name, ...args], env)).code === 0;
  assert.equal(await found(['--host', host, '--context', 'e2']), false, '--host wins');
  assert.equal(await found(['--context', 'e2'], { DOCKER_HOST: host }), true, '--context wins');
  assert.equal(await found([], { DOCKER_HOST: e2, DOCKER_CONTEXT: 'default' }), true);
  assert.equal(await found([], { DOCKER_HOST: host, DOCKER_CONTEXT: 'e2' }), false);
  assert.equal(await found([], { DOCKER_CONTEXT: 'e2' }), true, 'DOCKER_CONTEXT');
  writeDockerConfig(config.path, {}, 'e2');
  try {
    assert.equal(await found([]), true, "the config's currentContext");
    assert.equal(await found([], { DOCKER_CONTEXT: 'default' }), false);
  } finally {
    writeDockerConfig(config.path, {});
  }
  const unknown = await cli(['ps', name, '--context', 'nosuch']);
  assert.equal(unknown.code, 3);
  assert.match(unknown.err, /docker context "nosuch" has no meta.json/);
});

test('audit --all-contexts: the host, the second engine and the ssh engine in one report', async () => {
  const json = await cli(['audit', '--all-contexts', '--format', 'json']);
  assert.equal(json.code, 1, `findings expected (a container without a memory limit)\n${json.err}`);
  const engines = (JSON.parse(json.out) as { engines: EngineAudit[] }).engines;
  assert.deepEqual(
    engines.map((e) => [e.engine, e.state, e.current]),
    [
      ['default', 'connected', true],
      ['e2', 'connected', false],
      ['sshlab', 'connected', false],
    ],
    JSON.stringify(engines.map((e) => e.message)),
  );
  const e2 = engines.find((e) => e.engine === 'e2')!;
  const mine = e2.report?.containers.find((c) => c.name === name);
  assert.ok(mine, 'the second engine reports its container');
  assert.ok(mine.findings.some((f) => f.id === 'no-memory-limit'));
  assert.ok(
    !engines.find((e) => e.engine === 'default')!.report?.containers.some((c) => c.name === name),
    'the host engine does not',
  );
  // Through ssh the report is the host engine's, read without the host's /proc.
  assert.ok(engines.find((e) => e.engine === 'sshlab')!.report);

  const text = await cli(['audit', '--all-contexts']);
  assert.equal(text.code, 1);
  assert.match(text.out, /^== default \(current\): /m);
  assert.match(text.out, /^== e2: unix:\/\/\/run\/cd-lab\/engine2\.sock/m);
  assert.match(text.out, /^== sshlab: ssh:\/\/root@127\.0\.0\.1:2222/m);
  assert.match(text.out, new RegExp(`^${name} \\(`, 'm'));
});

test('audit --all-contexts reports an engine that does not answer and audits the others', async () => {
  writeDockerConfig(config.path, {
    e2: `unix://${ENGINE2_SOCKET}`,
    gone: 'unix:///run/cd-lab/nothing-here.sock',
  });
  try {
    const r = await cli(['audit', '--all-contexts', '--format', 'json']);
    const engines = (JSON.parse(r.out) as { engines: EngineAudit[] }).engines;
    const gone = engines.find((e) => e.engine === 'gone');
    assert.equal(gone?.state, 'not-running');
    assert.match(gone?.message ?? '', /not running/);
    assert.ok(engines.find((e) => e.engine === 'e2')?.report);
  } finally {
    writeDockerConfig(config.path, { e2: `unix://${ENGINE2_SOCKET}`, sshlab: SSH_HOST });
  }
});
