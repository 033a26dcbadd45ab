// Real reproductions of every exit cause (docker-lab.md's table, measured here). Each
// scenario leaves a lab-labelled container in the state the cause describes; the Docker
// tests classify them and capture.ts writes their evidence to test/fixtures/explain/.
import type Docker from 'dockerode';
import {
  buildImage,
  busyboxImage,
  debianImage,
  labDocker,
  removeContainers,
  waitFor,
} from '../lab';
import { ensureDaemon, killDaemon } from './daemon';

const MiB = 1024 * 1024;

/**
 * Our own label, not the lab's: other areas' test files sweep every lab-labelled
 * container (cleanupLab) when they start and end, and when helpers run their suites
 * side by side that sweep would kill these reproductions mid-way (a `kill 9` event
 * that is not the cause under test).
 */
export const DIAGNOSES_LABEL = 'org.container-doctor.diagnoses-test';

export async function runContainer(
  create: Docker.ContainerCreateOptions,
  opts: { start?: boolean } = {},
): Promise<Docker.Container> {
  const c = await labDocker().createContainer({
    ...create,
    Labels: { ...(create.Labels ?? {}), [DIAGNOSES_LABEL]: '1' },
  });
  if (opts.start !== false) await c.start();
  return c;
}

/** Remove every container these tests created (also those a crashed run left). */
export async function cleanupDiagnoses(): Promise<void> {
  const list = await labDocker().listContainers({
    all: true,
    filters: { label: [DIAGNOSES_LABEL] },
  });
  await removeContainers(list.map((c) => c.Id));
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitExited(c: Docker.Container, timeoutMs = 30_000): Promise<void> {
  await waitFor(
    async () => {
      const s = (await c.inspect()).State;
      return !s.Running && !s.Restarting;
    },
    { timeoutMs },
  );
}

async function waitRunning(c: Docker.Container): Promise<number> {
  return waitFor(async () => {
    const s = (await c.inspect()).State;
    return s.Running && s.Pid > 0 ? s.Pid : undefined;
  });
}

async function waitLog(c: Docker.Container, text: string): Promise<void> {
  await waitFor(async () => {
    const body = (await c.logs({ stdout: true, stderr: true, tail: 20 })) as unknown as Buffer;
    return body.toString('utf8').includes(text);
  });
}

async function waitOomEvent(c: Docker.Container, sinceMs: number): Promise<void> {
  await waitFor(
    async () => {
      const stream = await labDocker().getEvents({
        since: Math.floor(sinceMs / 1000),
        until: Math.floor(Date.now() / 1000),
        filters: { container: [c.id], event: ['oom'] },
      });
      const chunks: Buffer[] = [];
      for await (const b of stream as AsyncIterable<Buffer>) chunks.push(b);
      return Buffer.concat(chunks).toString().includes('"oom"');
    },
    { timeoutMs: 20_000, intervalMs: 250 },
  );
}

export interface Reproduction {
  container: Docker.Container;
  /** What the reproduction measured on the way (for assertions beyond the cause). */
  facts: Record<string, string | number | boolean>;
}

/** The BusyBox doubling loop of docker-lab.md: a shell string that grows without end. */
const GROW = 'x=a; while :; do x=$x$x; done';

export interface ScenarioHooks {
  /** Called while the container runs after the event of interest (child OOM), before the stop. */
  whileRunning?: (c: Docker.Container) => Promise<void>;
}

export const scenarios: Record<string, (hooks?: ScenarioHooks) => Promise<Reproduction>> = {
  async 'oom-killed'() {
    const c = await runContainer({
      Image: await busyboxImage(),
      Cmd: ['sh', '-c', GROW],
      HostConfig: { Memory: 16 * MiB, MemorySwap: 16 * MiB },
    });
    await waitExited(c);
    return { container: c, facts: {} };
  },

  /** The trap: a child is OOM-killed, PID 1 lives on, then stops gracefully with 0. */
  async 'stopped-after-child-oom'(hooks = {}) {
    const t0 = Date.now();
    const c = await runContainer({
      Image: await busyboxImage(),
      Cmd: [
        'sh',
        '-c',
        `trap 'exit 0' TERM; (${GROW}); echo child-gone; while :; do sleep 0.1; done`,
      ],
      HostConfig: { Memory: 16 * MiB, MemorySwap: 16 * MiB },
    });
    await waitOomEvent(c, t0 - 1000);
    await waitLog(c, 'child-gone');
    const running = (await c.inspect()).State;
    await hooks.whileRunning?.(c);
    await c.stop({ t: 5 });
    return {
      container: c,
      facts: { runningAfterOom: running.Running, oomKilledWhileRunning: running.OOMKilled },
    };
  },

  async 'stop-timeout'() {
    const c = await runContainer({
      Image: await busyboxImage(),
      Cmd: ['sh', '-c', 'echo up; sleep 1000'],
    });
    await waitLog(c, 'up');
    await c.stop({ t: 2 });
    return { container: c, facts: {} };
  },

  async stopped() {
    const c = await runContainer({
      Image: await busyboxImage(),
      Entrypoint: ['/sbin/tini', '--'],
      Cmd: ['sleep', '1000'],
    });
    await waitRunning(c);
    await sleep(200); // tini has installed its handlers
    const t0 = performance.now();
    await c.stop({ t: 10 });
    return { container: c, facts: { stopMs: Math.round(performance.now() - t0) } };
  },

  async killed() {
    const c = await runContainer({ Image: await busyboxImage(), Cmd: ['sleep', '1000'] });
    await waitRunning(c);
    await c.kill({ signal: 'SIGKILL' });
    await waitExited(c);
    return { container: c, facts: {} };
  },

  async 'sigkill-external'() {
    const c = await runContainer({ Image: await busyboxImage(), Cmd: ['sleep', '1000'] });
    const pid = await waitRunning(c);
    process.kill(pid, 'SIGKILL'); // kill -9 on the host, as the host OOM killer does
    await waitExited(c);
    return { container: c, facts: { hostPid: pid } };
  },

  async 'daemon-restart'() {
    const c = await runContainer({
      Image: await busyboxImage(),
      Cmd: ['sleep', '1000'],
      StopTimeout: 2,
      HostConfig: { RestartPolicy: { Name: 'unless-stopped', MaximumRetryCount: 0 } },
    } as Docker.ContainerCreateOptions);
    await waitRunning(c);
    let killedPid = 0;
    try {
      killedPid = await killDaemon();
    } finally {
      await ensureDaemon();
    }
    await waitExited(c, 60_000);
    return { container: c, facts: { killedDaemonPid: killedPid } };
  },

  /** PID 1 dies of a real SIGSEGV: a fault (null dereference), not kill(2), which PID 1 would ignore. */
  async signal() {
    const c = await runContainer({
      Image: await debianImage(),
      Cmd: [
        'python3',
        '-c',
        'import ctypes; print("about to crash", flush=True); ctypes.string_at(0)',
      ],
    });
    await waitExited(c);
    return { container: c, facts: {} };
  },

  /** Exec form of a missing binary: on this engine the start fails (127, State.Error). */
  async 'command-not-found'() {
    const c = await runContainer(
      { Image: await busyboxImage(), Cmd: ['/usr/bin/no-such-program'] },
      { start: false },
    );
    let startError = '';
    try {
      await c.start();
    } catch (err) {
      startError = (err as Error).message;
    }
    return { container: c, facts: { startError } };
  },

  /** Shell form of a missing command: it starts, the shell says "not found", exit 127. */
  async 'command-not-found-shell'() {
    const c = await runContainer({
      Image: await busyboxImage(),
      Cmd: ['sh', '-c', 'no-such-program --serve'],
    });
    await waitExited(c);
    return { container: c, facts: {} };
  },

  /** A file without the x bit: the start fails with permission denied (126). */
  async 'not-executable'() {
    const image = await buildImage({
      Dockerfile: `FROM ${await busyboxImage()}\nCOPY app.sh /app.sh\nCMD ["/app.sh"]\n`,
      'app.sh': 'echo hello from a script without its x bit\n', // no #!: the lab copies it 0644
    });
    const c = await runContainer({ Image: image }, { start: false });
    let startError = '';
    try {
      await c.start();
    } catch (err) {
      startError = (err as Error).message;
    }
    return { container: c, facts: { startError } };
  },

  /** A CRLF shebang: runc's stat passes, the exec of "/bin/sh\r" fails: exit 1, the reason only in the log. */
  async 'not-executable-crlf'() {
    const image = await buildImage({
      Dockerfile: `FROM ${await busyboxImage()}\nCOPY start.sh /start.sh\nCMD ["/start.sh"]\n`,
      'start.sh': '#!/bin/sh\r\necho started\r\nexec sleep 1000\r\n',
    });
    const c = await runContainer({ Image: image });
    await waitExited(c);
    return { container: c, facts: {} };
  },

  async 'start-failed'() {
    const image = await busyboxImage();
    const port = 20000 + Math.floor(Math.random() * 20000);
    const create = {
      Image: image,
      Cmd: ['sleep', '1000'],
      ExposedPorts: { '80/tcp': {} },
      HostConfig: { PortBindings: { '80/tcp': [{ HostPort: String(port) }] } },
    };
    await runContainer(create);
    const c = await runContainer(create, { start: false });
    let startError = '';
    try {
      await c.start();
    } catch (err) {
      startError = (err as Error).message;
    }
    return { container: c, facts: { startError, port } };
  },

  async 'app-error'() {
    const c = await runContainer({
      Image: await busyboxImage(),
      Cmd: [
        'sh',
        '-c',
        'echo "starting"; echo "config error: /etc/app/app.yml: no such key: database.url" >&2; exit 3',
      ],
    });
    await waitExited(c);
    return { container: c, facts: {} };
  },

  /** Seed 000's shape: the service in the background, a poll loop that gives up with exit 1. */
  async 'app-error-poll'() {
    const script = [
      '#!/bin/sh',
      'sleep 1000 &',
      'counter=0',
      'max_counter=4',
      'printf "Waiting for server startup"',
      'until [ $counter -ge $max_counter ] || wget -q -O- http://127.0.0.1:8080/ 2>/dev/null | grep -q Coyote; do',
      '  printf "."',
      '  counter=$((counter+1))',
      '  sleep 0.2',
      'done',
      'if [ $counter -ge $max_counter ]; then',
      '  printf "\\n$(date) Server failed to start in $((counter*5)) seconds!\\n"',
      '  exit 1',
      'fi',
      '',
    ].join('\n');
    const image = await buildImage({
      Dockerfile: `FROM ${await busyboxImage()}\nCOPY startup.sh /startup.sh\nCMD ["/startup.sh"]\n`,
      'startup.sh': script,
    });
    const c = await runContainer({ Image: image });
    await waitExited(c);
    return { container: c, facts: {} };
  },

  /** docker-lab.md's fork exhaustion: a pids limit and a loop of background sleeps. */
  async 'app-error-fork'() {
    const c = await runContainer({
      Image: await busyboxImage(),
      Cmd: ['sh', '-c', 'for i in $(seq 40); do sleep 100 & done; echo all started'],
      HostConfig: { PidsLimit: 20 },
    });
    await waitExited(c);
    return { container: c, facts: {} };
  },

  /** Node out of heap as PID 1: abort() cannot kill PID 1 with SIGABRT and ends in SIGSEGV. */
  async 'signal-node-heap'() {
    const c = await runContainer({
      Image: await debianImage(),
      Cmd: [
        'node',
        '--max-old-space-size=16',
        '-e',
        'const a = []; for (;;) a.push(new Array(100000).fill(1));',
      ],
    });
    await waitExited(c, 60_000);
    return { container: c, facts: {} };
  },

  async completed() {
    const c = await runContainer({
      Image: await busyboxImage(),
      Cmd: ['sh', '-c', 'echo "starting the daemon in the background"; sleep 1000 & echo done'],
    });
    await waitExited(c);
    return { container: c, facts: {} };
  },

  /** Crashes twice (exit 3), then stays up: running with restarts. */
  async running() {
    const c = await runContainer({
      Image: await busyboxImage(),
      Cmd: [
        'sh',
        '-c',
        'if [ -f /tmp/ran2 ]; then echo up; exec sleep 1000; fi; if [ -f /tmp/ran1 ]; then touch /tmp/ran2; else touch /tmp/ran1; fi; echo "crash" >&2; exit 3',
      ],
      HostConfig: { RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 5 } },
    });
    await waitFor(
      async () => {
        const i = await c.inspect();
        return i.State.Running && !i.State.Restarting && i.RestartCount >= 2;
      },
      { timeoutMs: 20_000 },
    );
    return { container: c, facts: {} };
  },
};

export { expectedCause } from '../../fixtures/explain/expected-causes';
