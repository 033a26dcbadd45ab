// The CLI against a real ssh:// engine: the lab's sshd on 127.0.0.1:2222, whose `docker`
// talks to the host engine, reached as DOCKER_HOST=ssh://root@127.0.0.1:2222 with the lab's
// key in an ssh-agent (as a user's agent holds theirs). What a user relies on: the command
// works and prints nothing but its own output; docker-modem's ssh mode used to print Node's
// DEP0170 warning ("The URL ssh:127.0.0.1:2222127.0.0.1 is invalid") on every call.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import {
  busyboxImage,
  registerLabCleanup,
  removeContainers,
  requireDocker,
  runContainer,
} from '../lab';

registerLabCleanup();

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const tsxLoader = pathToFileURL(
  path.join(repoRoot, 'node_modules', 'tsx', 'dist', 'loader.mjs'),
).href;
const cliMain = path.join(repoRoot, 'src', 'cli', 'main.ts');
const clientKey = '/run/cd-lab/ssh/client_key';
const sshHost = 'ssh://root@127.0.0.1:2222';

/** An ssh-agent of our own holding the lab's key; ended (by its pid) after the tests. */
function startAgent(): { socket: string; pid: number } {
  if (!existsSync(clientKey))
    throw new Error(
      `the lab's sshd key ${clientKey} is missing: run scripts/lab-services.sh (it starts sshd on 127.0.0.1:2222)`,
    );
  const started = spawnSync('ssh-agent', ['-s'], { encoding: 'utf8' });
  const socket = /SSH_AUTH_SOCK=([^;]+);/.exec(started.stdout)?.[1];
  const pid = Number(/SSH_AGENT_PID=(\d+);/.exec(started.stdout)?.[1]);
  if (!socket || !pid) throw new Error(`ssh-agent did not start: ${started.stderr}`);
  const added = spawnSync('ssh-add', [clientKey], {
    env: { ...process.env, SSH_AUTH_SOCK: socket },
    encoding: 'utf8',
  });
  if (added.status !== 0) throw new Error(`ssh-add failed: ${added.stderr}`);
  return { socket, pid };
}

function cli(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', tsxLoader, cliMain, ...args], {
    env: { ...process.env, DOCKER_CONTEXT: '', NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) =>
    child.on('close', (status) => resolve({ status, stdout, stderr })),
  );
}

describe('an ssh:// engine', () => {
  const created: string[] = [];
  let agentPid: number | undefined;
  after(async () => {
    if (agentPid) process.kill(agentPid);
    await removeContainers(created);
  });

  test('ps through ssh shows the process tree, and stderr has no warning', async (t) => {
    if (!(await requireDocker(t))) return;
    const agent = startAgent();
    agentPid = agent.pid;
    const name = `cdoc-ssh-engine-${process.pid}`;
    const c = await runContainer({
      Image: await busyboxImage(),
      Cmd: ['sleep', '300'],
      name,
      HostConfig: { NetworkMode: 'none' },
    });
    created.push(c.id);
    const r = await cli(['ps', name], { DOCKER_HOST: sshHost, SSH_AUTH_SOCK: agent.socket });
    assert.equal(r.stderr, '', 'nothing on stderr (no DEP0170 warning, no error)');
    assert.equal(r.status, 0, r.stdout);
    assert.match(r.stdout, /sleep 300/);
  });

  test('without a key the message says what to check for ssh (not TLS files), and no warning', async () => {
    const home = mkdtempSync(path.join(tmpdir(), 'cdoc-ssh-home-'));
    try {
      const r = await cli(['audit'], { DOCKER_HOST: sshHost, SSH_AUTH_SOCK: '', HOME: home });
      assert.equal(r.status, 3, r.stderr);
      assert.match(r.stderr, /Cannot reach the engine at ssh:\/\/root@127\.0\.0\.1:2222/);
      assert.match(r.stderr, /ssh-agent \(ssh-add\)/);
      assert.doesNotMatch(r.stderr, /TLS|DOCKER_CERT_PATH|Warning/);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
