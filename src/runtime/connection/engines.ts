// Every engine a user has, found the way the docker CLI and Podman find theirs: the docker
// contexts (`docker context ls`: "default" is DOCKER_HOST or the default socket, the others
// come from the context store), the configured `containerDoctor.docker.host`, and Podman's
// sockets when present. Which of them a surface shows is a separate, pure choice
// (`chooseEngines`), so the CLI's `--all-contexts` and the explorer's setting share it.
import { join } from 'node:path';
import {
  contextEndpoint,
  currentContextName,
  listContextNames,
  parseHost,
  realEndpointFiles,
  resolveEngineEndpoint,
  ROOTFUL_PODMAN_SOCKET,
  type EndpointFiles,
  type EngineEndpoint,
} from './endpoint';

type Env = Readonly<Record<string, string | undefined>>;

/** Where an engine was found. */
export type EngineSource = 'setting' | 'context' | 'podman-socket';

export interface Engine {
  /** Unique among the engines: the context name, "configured" or "podman". */
  name: string;
  endpoint: EngineEndpoint;
  source: EngineSource;
  /** The engine the docker CLI would use now (or the configured one): shown first. */
  current: boolean;
}

/** The name of the engine `containerDoctor.docker.host` (or `--host`) configures. */
export const CONFIGURED_ENGINE = 'configured';

/** Same engine, however it was named: a socket path, or a host and port. */
export function endpointKey(endpoint: EngineEndpoint): string {
  switch (endpoint.kind) {
    case 'unix':
      return `unix:${endpoint.socketPath}`;
    case 'tcp':
      return `tcp:${endpoint.host}:${endpoint.port}`;
    case 'ssh':
      return `ssh:${endpoint.username ?? ''}@${endpoint.host}:${endpoint.port}`;
    case 'invalid':
      return `invalid:${endpoint.value}`;
  }
}

/**
 * Every engine, the current one first, each endpoint once (the first name wins: a context
 * that points at the default socket is not shown twice).
 */
export function discoverEngines(
  settings: { host?: string },
  env: Env,
  homeDir: string,
  files: EndpointFiles = realEndpointFiles,
): Engine[] {
  const found: Engine[] = [];
  const seen = new Set<string>();
  const add = (engine: Engine): void => {
    const key = endpointKey(engine.endpoint);
    if (seen.has(key) || found.some((e) => e.name === engine.name)) return;
    seen.add(key);
    found.push(engine);
  };

  const configured = settings.host?.trim();
  const currentContext = currentContextName(env, homeDir, files);
  if (configured)
    add({
      name: CONFIGURED_ENGINE,
      endpoint: resolveEngineEndpoint({ host: configured }, env, homeDir, files),
      source: 'setting',
      current: true,
    });
  // The docker CLI's current context: "default" when DOCKER_HOST is set.
  const currentName = env.DOCKER_HOST?.trim() ? 'default' : currentContext;
  add({
    name: currentName,
    endpoint: resolveEngineEndpoint({ context: currentName }, env, homeDir, files),
    source: 'context',
    current: !configured,
  });
  add({
    name: 'default',
    endpoint: resolveEngineEndpoint({ context: 'default' }, env, homeDir, files),
    source: 'context',
    current: false,
  });
  for (const name of listContextNames(env, homeDir, files)) {
    const endpoint = contextEndpoint(name, env, homeDir, files);
    if (endpoint) add({ name, endpoint, source: 'context', current: false });
  }
  const podman = [
    ['podman', ROOTFUL_PODMAN_SOCKET],
    [
      'podman-rootless',
      env.XDG_RUNTIME_DIR ? join(env.XDG_RUNTIME_DIR, 'podman', 'podman.sock') : undefined,
    ],
  ] as const;
  for (const [name, socketPath] of podman) {
    if (!socketPath || !files.isSocket(socketPath)) continue;
    add({
      name,
      endpoint: parseHost(`unix://${socketPath}`, 'podman-socket', undefined),
      source: 'podman-socket',
      current: false,
    });
  }
  return found;
}

/**
 * Which engines a surface shows (`containerDoctor.engines`): "current" (the one the docker
 * CLI would use), "all", "auto" (the current one and every other that answers), or names.
 */
export type EngineSelection = 'current' | 'all' | 'auto' | readonly string[];

/** Parse the setting's value; anything unrecognised is the default ("auto"). */
export function parseEngineSelection(value: unknown): EngineSelection {
  if (value === 'current' || value === 'all' || value === 'auto') return value;
  if (Array.isArray(value)) {
    const names = value.filter((v): v is string => typeof v === 'string' && v.trim() !== '');
    if (names.length) return names.map((n) => n.trim());
  }
  return 'auto';
}

/**
 * The engines to show. "auto" asks `answers` about each engine but the current one (in
 * parallel; the caller bounds each with a short timeout): only those that answer are shown.
 * Named engines keep the order of the names; an unknown name is left out.
 */
export async function chooseEngines(
  engines: readonly Engine[],
  selection: EngineSelection,
  answers: (engine: Engine) => Promise<boolean>,
): Promise<Engine[]> {
  const current = engines.filter((e) => e.current);
  if (selection === 'current') return current.length ? current : engines.slice(0, 1);
  if (selection === 'all') return [...engines];
  if (Array.isArray(selection)) {
    const named = selection
      .map((name) => engines.find((e) => e.name === name))
      .filter((e): e is Engine => e !== undefined);
    return named.length ? named : current;
  }
  const others = engines.filter((e) => !e.current);
  const answered = await Promise.all(others.map((e) => answers(e).catch(() => false)));
  return [...current, ...others.filter((_, i) => answered[i])];
}
