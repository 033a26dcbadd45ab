// Connect to a resolved endpoint and say, as a value, what state the engine is
// in. Every failure a user can fix gets its own kind and a remedy; nothing here
// throws. The client is pinned to the daemon's own API version (negotiated via
// the unversioned /version), because the docker CLI on PATH may be newer.
import Docker from 'dockerode';
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { Agent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { homedir, release } from 'node:os';
import { delimiter, join } from 'node:path';
import { DEFAULT_DOCKER_SOCKET, type EngineEndpoint } from './endpoint';
import { DEFAULT_ENGINE_DEADLINE_MS, guardEngineClient, isEngineDeadline } from './guard';
import { sshAgent, sshConnectOptions } from './ssh';
import { rememberProduct } from './podman';

/** Oldest Engine API this code speaks (top with ps_args, pids_stats, event filters). */
export const MINIMUM_API_VERSION = '1.25';

export interface EngineVersion {
  apiVersion: string;
  engineVersion: string;
  /** Daemon OS: 'linux' or 'windows'. */
  os: string;
  /** '1' or '2'; '1' when the daemon does not report it (API < 1.40 is cgroup v1 only). */
  cgroupVersion: string;
  /** The daemon runs on this machine's kernel, so host /proc shows its containers. */
  local: boolean;
  /** 'docker' or 'podman' (from /version components). */
  product: 'docker' | 'podman';
}

export type EngineFailureKind =
  | 'not-installed'
  | 'not-running'
  | 'permission-denied'
  | 'api-too-old'
  | 'not-an-engine'
  | 'restarting'
  | 'unreachable';

export type EngineState =
  | { kind: 'connected'; docker: Docker; version: EngineVersion; endpoint: EngineEndpoint }
  | { kind: EngineFailureKind; message: string; remedy: string; endpoint: EngineEndpoint };

export interface ConnectOptions {
  /** Milliseconds before a silent daemon counts as unreachable (default 5 s, 20 s over ssh). */
  timeoutMs?: number;
  /** Overall deadline of each Engine API call of the connected client (default 30 s). */
  deadlineMs?: number;
  /** PATH used to tell "not installed" from "not running"; defaults to process.env.PATH. */
  searchPath?: string;
  /** The caller connects again on its own (the explorer's engine session); the remedies say
   * so instead of asking the user to try again. */
  reconnects?: boolean;
}

/** What is at a unix socket path: a socket, something else, or nothing. */
export type SocketPathKind = 'socket' | 'file' | 'directory' | 'other' | 'missing';

function socketPathKind(socketPath: string): SocketPathKind {
  try {
    const st = statSync(socketPath);
    if (st.isSocket()) return 'socket';
    if (st.isFile()) return 'file';
    if (st.isDirectory()) return 'directory';
    return 'other';
  } catch {
    return 'missing';
  }
}

function tryAgain(reconnects: boolean | undefined): string {
  return reconnects ? 'Container Doctor reconnects on its own.' : 'Then try again.';
}

interface VersionBody {
  ApiVersion?: string;
  Version?: string;
  Os?: string;
  KernelVersion?: string;
  MinAPIVersion?: string;
  Components?: { Name?: string }[];
}

interface ErrorLike {
  code?: string;
  statusCode?: number;
  message?: string;
  /** The call outran its overall deadline (see ./guard). */
  deadline?: { request: string; deadlineMs: number };
}

const sshAgents = new WeakMap<EngineEndpoint, Agent>();

/** Dockerode options for an endpoint, with every key explicit so docker-modem's own
 * DOCKER_HOST defaults cannot leak into a choice we already made. */
export function dockerOptions(
  endpoint: EngineEndpoint,
  extra: { version?: string; timeout?: number } = {},
): Docker.DockerOptions | undefined {
  const base = {
    version: extra.version,
    timeout: extra.timeout,
    host: undefined,
    port: undefined,
    socketPath: undefined,
    protocol: undefined,
    ca: undefined,
    cert: undefined,
    key: undefined,
  };
  switch (endpoint.kind) {
    case 'unix':
      return { ...base, socketPath: endpoint.socketPath };
    case 'tcp': {
      if (!endpoint.tls)
        return { ...base, host: endpoint.host, port: endpoint.port, protocol: 'http' };
      const read = (name: string): Buffer | undefined => {
        try {
          return readFileSync(join(endpoint.tls!.certPath, name));
        } catch {
          return undefined;
        }
      };
      if (!endpoint.tls.verify) {
        // DOCKER_TLS without DOCKER_TLS_VERIFY (or a context with SkipTLSVerify): TLS with
        // the client certificate, server certificate not verified, as the docker CLI does.
        return {
          ...base,
          host: endpoint.host,
          port: endpoint.port,
          protocol: 'https',
          agent: new HttpsAgent({
            cert: read('cert.pem'),
            key: read('key.pem'),
            rejectUnauthorized: false,
          }),
        } as Docker.DockerOptions; // docker-modem passes `agent` through; its types omit it
      }
      return {
        ...base,
        host: endpoint.host,
        port: endpoint.port,
        protocol: 'https',
        ca: read('ca.pem'),
        cert: read('cert.pem'),
        key: read('key.pem'),
      };
    }
    case 'ssh': {
      // The user's ssh config, agent and identities, as `ssh` would use them (see ./ssh).
      const ssh = sshConnectOptions(endpoint, process.env, homedir());
      // One agent (one ssh connection) per endpoint: the probe, the pinned client and every
      // reconnect share it instead of paying a handshake each (seconds on a loaded host).
      let agent = sshAgents.get(endpoint);
      if (!agent) {
        agent = sshAgent(ssh, extra.timeout ?? DEFAULT_ENGINE_DEADLINE_MS);
        sshAgents.set(endpoint, agent);
      }
      return {
        ...base,
        host: ssh.host,
        port: ssh.port,
        // Plain HTTP through an agent whose connections are ssh channels (see ./ssh).
        protocol: 'http',
        agent,
      } as Docker.DockerOptions; // docker-modem passes `agent` through; its types omit it
    }
    case 'invalid':
      return undefined;
  }
}

/** Compare dotted API versions numerically ("1.9" < "1.41"). */
export function compareApiVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function onPath(program: string, searchPath: string): boolean {
  const dirs = [...searchPath.split(delimiter), '/usr/bin', '/usr/sbin', '/usr/local/bin'];
  return dirs.some((d) => d && existsSync(join(d, program)));
}

/** A dockerd whose pid file names a live process but whose socket does not answer
 * is starting up or shutting down. */
function dockerdProcessAlive(): boolean {
  try {
    const pid = Number(readFileSync('/var/run/docker.pid', 'utf8').trim());
    return pid > 0 && existsSync(`/proc/${pid}`);
  } catch {
    return false;
  }
}

function describeEndpoint(endpoint: EngineEndpoint): string {
  return endpoint.label;
}

/** Classify a failed /version call. Exported for unit tests. */
export function classifyConnectError(
  endpoint: EngineEndpoint,
  err: ErrorLike,
  probes: {
    installed: boolean;
    daemonAlive: boolean;
    reconnects?: boolean;
    /** What is at the unix socket path (found out by connect()). */
    socketPath?: SocketPathKind;
  },
): EngineState {
  const where = describeEndpoint(endpoint);
  const code = err.code ?? '';
  const detail = err.message ?? String(err);
  const again = tryAgain(probes.reconnects);
  if (
    endpoint.kind === 'unix' &&
    probes.socketPath &&
    !['socket', 'missing'].includes(probes.socketPath)
  ) {
    // Connecting to a path that is not a socket fails as ECONNREFUSED, as a socket nobody
    // listens on does: but nothing was ever running there.
    const what =
      probes.socketPath === 'file'
        ? 'a regular file, not a socket'
        : probes.socketPath === 'directory'
          ? 'a directory, not a socket'
          : 'not a socket';
    return {
      kind: 'unreachable',
      endpoint,
      message: `${endpoint.socketPath} is ${what}, so no engine can listen there (${where}).`,
      remedy:
        "Point DOCKER_HOST, the docker context or containerDoctor.docker.host at the engine's socket (usually unix:///var/run/docker.sock, or Podman's $XDG_RUNTIME_DIR/podman/podman.sock).",
    };
  }
  if (err.deadline) {
    return {
      kind: 'unreachable',
      endpoint,
      message: `Something at ${where} took the request but did not finish answering ${err.deadline.request} within ${err.deadline.deadlineMs / 1000} s: a stuck or overloaded engine, or not an engine.`,
      remedy: `Check that it is a Docker or Podman engine (docker version with the same host answers) and that it is not overloaded. ${again}`,
    };
  }
  if (endpoint.kind === 'unix') {
    if (code === 'EACCES' || code === 'EPERM') {
      return {
        kind: 'permission-denied',
        endpoint,
        message: `Permission denied on ${endpoint.socketPath}.`,
        remedy:
          'Add your user to the docker group (sudo usermod -aG docker $USER), then log out and in again; or point containerDoctor.docker.host at an engine you may use (rootless Docker or Podman).',
      };
    }
    if (code === 'ENOENT' || code === 'ECONNREFUSED') {
      if (probes.daemonAlive) {
        return {
          kind: 'restarting',
          endpoint,
          message: `The Docker daemon is running but ${endpoint.socketPath} does not answer yet (starting or stopping).`,
          remedy: `Wait a few seconds. ${again}`,
        };
      }
      if (!probes.installed && endpoint.source !== 'setting') {
        return {
          kind: 'not-installed',
          endpoint,
          message: 'No Docker or Podman engine was found on this machine.',
          remedy:
            'Install Docker Engine (or Docker Desktop, or Podman with its API socket), or set containerDoctor.docker.host to a remote engine.',
        };
      }
      return {
        kind: 'not-running',
        endpoint,
        message:
          code === 'ENOENT'
            ? `The engine at ${where} is not running: there is no socket at ${endpoint.socketPath}.`
            : `The engine at ${where} is not running: nothing listens on the socket ${endpoint.socketPath} (${code}).`,
        remedy: `Start it (sudo systemctl start docker, or open Docker Desktop, or systemctl --user start podman.socket). ${again}`,
      };
    }
  }
  if (typeof err.statusCode === 'number' && err.statusCode >= 500) {
    return {
      kind: 'restarting',
      endpoint,
      message: `The engine at ${where} answered ${err.statusCode}: ${detail}`,
      remedy: `Wait a few seconds. ${again}`,
    };
  }
  if (code === 'ECONNRESET' || /socket hang up/i.test(detail)) {
    return {
      kind: 'restarting',
      endpoint,
      message: `The engine at ${where} dropped the connection.`,
      remedy: `Wait a few seconds. ${again}`,
    };
  }
  return {
    kind: 'unreachable',
    endpoint,
    message: `Cannot reach the engine at ${where}: ${detail}`,
    remedy:
      endpoint.kind === 'ssh'
        ? 'Check the host, port and user, and that your ssh key is in your ssh-agent (ssh-add); `ssh -p PORT USER@HOST docker version` must work. Or set containerDoctor.docker.host.'
        : 'Check the host, port and TLS files (DOCKER_CERT_PATH), or the containerDoctor.docker.host setting.',
  };
}

/** What a /version answer that is not Docker's looked like, in a few words. */
function describeBody(body: unknown): string {
  if (body === null || body === undefined || body === '') return 'an empty answer';
  if (Buffer.isBuffer(body) || typeof body === 'string') {
    const text = String(body).replace(/\s+/g, ' ').trim();
    return `"${text.length > 40 ? `${text.slice(0, 40)}…` : text}"`;
  }
  if (typeof body === 'object') {
    const keys = Object.keys(body).slice(0, 4);
    return keys.length ? `JSON without ApiVersion (${keys.join(', ')})` : 'an empty JSON object';
  }
  return typeof body;
}

/** An HTTP server that answered GET /version, but not as the Engine API does. */
function notAnEngine(endpoint: EngineEndpoint, found: string, reconnects?: boolean): EngineState {
  return {
    kind: 'not-an-engine',
    endpoint,
    message: `Something at ${endpoint.label} answers HTTP, but it is not a Docker engine: GET /version gave ${found}, not the Engine API's version.`,
    remedy: `Point DOCKER_HOST, the docker context or containerDoctor.docker.host at a Docker or Podman engine. ${tryAgain(reconnects)}`,
  };
}

/** Connect to an endpoint and report its state. Never throws. */
export async function connect(
  endpoint: EngineEndpoint,
  options: ConnectOptions = {},
): Promise<EngineState> {
  // An ssh engine first needs a key exchange and a `docker system dial-stdio` started on the
  // remote host: seconds on a busy machine (5 s measured here under load), not a silence.
  const timeout = options.timeoutMs ?? (endpoint.kind === 'ssh' ? 20_000 : 5000);
  if (endpoint.kind === 'invalid') {
    return {
      kind: 'unreachable',
      endpoint,
      message: `Cannot use ${endpoint.label}: ${endpoint.reason}.`,
      remedy: 'Fix the containerDoctor.docker.host setting, DOCKER_HOST or the docker context.',
    };
  }
  let version: VersionBody;
  try {
    version = await versionOf(endpoint, timeout);
  } catch (err) {
    const installed =
      onPath('dockerd', options.searchPath ?? process.env.PATH ?? '') ||
      onPath('podman', options.searchPath ?? process.env.PATH ?? '') ||
      onPath('docker', options.searchPath ?? process.env.PATH ?? '');
    const failure = toErrorLike(err);
    if (typeof failure.statusCode === 'number' && failure.statusCode < 500)
      return notAnEngine(endpoint, `HTTP ${failure.statusCode}`, options.reconnects);
    return classifyConnectError(endpoint, failure, {
      installed,
      daemonAlive:
        endpoint.kind === 'unix' &&
        endpoint.socketPath === DEFAULT_DOCKER_SOCKET &&
        dockerdProcessAlive(),
      reconnects: options.reconnects,
      socketPath: endpoint.kind === 'unix' ? socketPathKind(endpoint.socketPath) : undefined,
    });
  }
  const apiVersion = typeof version?.ApiVersion === 'string' ? version.ApiVersion : '';
  if (!/^\d+\.\d+$/.test(apiVersion))
    return notAnEngine(endpoint, describeBody(version), options.reconnects);
  if (compareApiVersions(apiVersion, MINIMUM_API_VERSION) < 0) {
    return {
      kind: 'api-too-old',
      endpoint,
      message: `The engine at ${endpoint.label} speaks Engine API ${apiVersion || 'unknown'} (Docker ${version.Version ?? '?'}); Container Doctor needs ${MINIMUM_API_VERSION} or newer.`,
      remedy: 'Upgrade the engine (Docker 1.13 or newer).',
    };
  }
  // Pinned client: every later call uses the daemon's own version in its path.
  const docker = guardEngineClient(
    new Docker(dockerOptions(endpoint, { version: `v${apiVersion}` })),
    options.deadlineMs ?? DEFAULT_ENGINE_DEADLINE_MS,
  );
  let cgroupVersion = '1';
  try {
    const info = (await docker.info()) as { CgroupVersion?: string };
    if (info.CgroupVersion) cgroupVersion = info.CgroupVersion;
  } catch (err) {
    return classifyConnectError(endpoint, toErrorLike(err), {
      installed: true,
      daemonAlive: true,
      reconnects: options.reconnects,
    });
  }
  const product = (version.Components ?? []).some((c) => /podman/i.test(c.Name ?? ''))
    ? 'podman'
    : 'docker';
  rememberProduct(docker, product);
  return {
    kind: 'connected',
    endpoint,
    docker,
    version: {
      apiVersion,
      engineVersion: version.Version ?? '',
      os: version.Os ?? 'linux',
      cgroupVersion,
      // Same kernel release as ours through a unix socket: the daemon shares our
      // kernel (Docker Desktop's VM does not), so host /proc shows its containers.
      local:
        endpoint.kind === 'unix' &&
        process.platform === 'linux' &&
        (version.Os ?? 'linux') === 'linux' &&
        version.KernelVersion === release(),
      product,
    },
  };
}

/** How much longer /version may take from an engine that answers /_ping at once. */
const SLOW_VERSION_FACTOR = 6;

/**
 * GET /version within `timeout`; when it does not come but /_ping does, once more with a
 * longer deadline: Podman runs conmon and the OCI runtime to report their versions, which
 * took 3.4 s on a loaded machine here (its /_ping 0.1 s), and that is not an unreachable
 * engine.
 */
async function versionOf(endpoint: EngineEndpoint, timeout: number): Promise<VersionBody> {
  const client = (ms: number): Docker =>
    guardEngineClient(new Docker(dockerOptions(endpoint, { timeout: ms })), ms);
  try {
    return (await client(timeout).version()) as VersionBody;
  } catch (err) {
    const timedOut =
      isEngineDeadline(err) || /timeout|timed out/i.test(String((err as Error)?.message));
    if (!timedOut) throw err;
    const alive = await client(timeout)
      .ping()
      .then(
        () => true,
        () => false,
      );
    if (!alive) throw err;
    return (await client(timeout * SLOW_VERSION_FACTOR).version()) as VersionBody;
  }
}

function toErrorLike(err: unknown): ErrorLike {
  if (isEngineDeadline(err))
    return {
      code: err.code,
      message: err.message,
      deadline: { request: err.request, deadlineMs: err.deadlineMs },
    };
  if (err && typeof err === 'object') {
    const e = err as { code?: unknown; statusCode?: unknown; message?: unknown };
    return {
      code: typeof e.code === 'string' ? e.code : undefined,
      statusCode: typeof e.statusCode === 'number' ? e.statusCode : undefined,
      message: typeof e.message === 'string' ? e.message : String(err),
    };
  }
  return { message: String(err) };
}

/** One-line summary of a state for status bars, logs and the CLI. */
export function describeEngineState(state: EngineState): string {
  if (state.kind === 'connected') {
    const v = state.version;
    return `${v.product === 'podman' ? 'Podman' : 'Docker'} ${v.engineVersion} (API ${v.apiVersion}, cgroup v${v.cgroupVersion}${v.local ? ', local' : ''}) at ${state.endpoint.label}`;
  }
  return `${state.message} ${state.remedy}`;
}
