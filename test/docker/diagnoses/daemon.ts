// Killing and restarting the real dockerd, exactly as .ci/run starts it
// (`setsid dockerd --host unix:///var/run/docker.sock >/tmp/dockerd.log 2>&1 </dev/null &`),
// with a fixed argv and no shell. Tests that kill it MUST call ensureDaemon() in a finally.
import Docker from 'dockerode';
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';
import { dockerdPid } from '../../../src/runtime/explain/host';

const SOCKET = '/var/run/docker.sock';

async function answers(): Promise<boolean> {
  try {
    await new Docker({ socketPath: SOCKET, timeout: 2000 }).ping();
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2));
  } catch {
    return false;
  }
}

/** SIGKILL the running dockerd (as a crash or the host OOM killer would) and wait until it is dead. */
export async function killDaemon(): Promise<number> {
  const pid = dockerdPid();
  if (pid === undefined) throw new Error('no dockerd process to kill');
  process.kill(pid, 'SIGKILL');
  for (let i = 0; i < 100 && alive(pid); i++) await sleep(50);
  return pid;
}

const CONTAINERD_PID_FILE = '/var/run/docker/containerd/containerd.pid';

/**
 * dockerd's own containerd dies with it (parent-death signal), but until PID 1 of this
 * machine reaps it, kill(pid, 0) succeeds and a new dockerd waits for that zombie's socket
 * and gives up ("timeout waiting for containerd to start"). Wait it out, or forget it.
 */
async function forgetDeadContainerd(): Promise<void> {
  let pid: number;
  try {
    pid = Number(readFileSync(CONTAINERD_PID_FILE, 'utf8').trim());
  } catch {
    return;
  }
  for (let i = 0; i < 40 && alive(pid); i++) await sleep(100);
  if (!alive(pid)) rmSync(CONTAINERD_PID_FILE, { force: true });
}

async function startDaemon(): Promise<void> {
  await forgetDeadContainerd();
  rmSync('/var/run/docker.pid', { force: true });
  const log = openSync('/tmp/dockerd.log', 'a');
  try {
    spawn('setsid', ['dockerd', '--host', `unix://${SOCKET}`], {
      detached: true,
      stdio: ['ignore', log, log],
    }).unref();
  } finally {
    closeSync(log);
  }
}

/** Start dockerd unless one answers or is starting; wait until it answers (up to 60 s). */
export async function ensureDaemon(): Promise<void> {
  if (await answers()) return;
  let attempts = 0;
  for (let i = 0; i < 120; i++) {
    // A dockerd that gave up (it exits) is started again, a few times at most.
    if (dockerdPid() === undefined && attempts < 3 && i % 10 === 0) {
      await startDaemon();
      attempts++;
    }
    if (await answers()) return;
    await sleep(500);
  }
  throw new Error('dockerd did not answer within 60 s after a restart (see /tmp/dockerd.log)');
}
