// Which Docker Engine to talk to, resolved the way the docker CLI resolves it:
// an explicit setting, then DOCKER_HOST (with DOCKER_TLS_VERIFY / DOCKER_CERT_PATH),
// then DOCKER_CONTEXT or the config's currentContext, then the default socket,
// then a Podman socket when no Docker socket exists. Pure apart from the injected
// file reads, so every branch is unit tested without touching the machine.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Where the endpoint choice came from; shown to users so a wrong engine is explainable. */
export type EndpointSource =
  | 'setting'
  | 'DOCKER_HOST'
  | 'context'
  | 'default-socket'
  | 'docker-desktop-socket'
  | 'podman-socket';

export interface TlsFiles {
  /** Directory holding ca.pem, cert.pem, key.pem. */
  certPath: string;
  /** Verify the server certificate against ca.pem (DOCKER_TLS_VERIFY=1). */
  verify: boolean;
}

export type EngineEndpoint =
  | { kind: 'unix'; socketPath: string; source: EndpointSource; label: string }
  | {
      kind: 'tcp';
      host: string;
      port: number;
      tls: TlsFiles | undefined;
      source: EndpointSource;
      label: string;
    }
  | {
      kind: 'ssh';
      host: string;
      port: number;
      username: string | undefined;
      source: EndpointSource;
      label: string;
    }
  | { kind: 'invalid'; value: string; reason: string; source: EndpointSource; label: string };

/** The few file-system questions resolution asks; injectable for tests. */
export interface EndpointFiles {
  readText(path: string): string | undefined;
  isSocket(path: string): boolean;
  /** Entries of a directory (none when it is missing); only engine discovery asks. */
  listDir?(path: string): string[];
}

export const realEndpointFiles: EndpointFiles = {
  readText(path) {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  },
  isSocket(path) {
    try {
      return statSync(path).isSocket();
    } catch {
      return false;
    }
  },
  listDir(path) {
    try {
      return readdirSync(path);
    } catch {
      return [];
    }
  },
};

export const DEFAULT_DOCKER_SOCKET = '/var/run/docker.sock';
export const ROOTFUL_PODMAN_SOCKET = '/run/podman/podman.sock';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Resolve the Engine endpoint with the docker CLI's precedence: `settings.host` (the
 * `containerDoctor.docker.host` setting or `--host`; the caller decides which settings scope
 * is trusted), then `settings.context` (`--context`), then DOCKER_HOST, then DOCKER_CONTEXT,
 * then the config's currentContext, then well-known sockets.
 */
export function resolveEngineEndpoint(
  settings: { host?: string; context?: string },
  env: Env,
  homeDir: string,
  files: EndpointFiles = realEndpointFiles,
): EngineEndpoint {
  const setting = settings.host?.trim();
  if (setting) return parseHost(setting, 'setting', tlsFromEnv(env, homeDir));

  const named = settings.context?.trim();
  if (named)
    return contextEndpoint(named, env, homeDir, files) ?? defaultEndpoint(env, homeDir, files);

  return defaultEndpoint(env, homeDir, files, currentContextName(env, homeDir, files));
}

/**
 * The "default" context (DOCKER_HOST, else the default sockets), or the named current context.
 * The docker CLI: DOCKER_HOST wins over DOCKER_CONTEXT and the config's currentContext.
 */
function defaultEndpoint(
  env: Env,
  homeDir: string,
  files: EndpointFiles,
  currentContext?: string,
): EngineEndpoint {
  const dockerHost = env.DOCKER_HOST?.trim();
  if (dockerHost) return parseHost(dockerHost, 'DOCKER_HOST', tlsFromEnv(env, homeDir));
  const fromContext = currentContext
    ? contextEndpoint(currentContext, env, homeDir, files)
    : undefined;
  return fromContext ?? defaultSocket(env, homeDir, files);
}

/** The context the docker CLI would use without flags: DOCKER_CONTEXT, else the config's. */
export function currentContextName(
  env: Env,
  homeDir: string,
  files: EndpointFiles = realEndpointFiles,
): string {
  const fromEnv = env.DOCKER_CONTEXT?.trim();
  if (fromEnv) return fromEnv;
  const configText = files.readText(join(configDir(env, homeDir), 'config.json'));
  if (configText) {
    try {
      const config = JSON.parse(configText) as { currentContext?: unknown };
      if (typeof config.currentContext === 'string' && config.currentContext)
        return config.currentContext;
    } catch {
      // A broken config.json is the docker CLI's problem to report; fall through.
    }
  }
  return 'default';
}

/** Names of the contexts in the docker CLI's store (`docker context ls`, without "default"). */
export function listContextNames(
  env: Env,
  homeDir: string,
  files: EndpointFiles = realEndpointFiles,
): string[] {
  const metaDir = join(configDir(env, homeDir), 'contexts', 'meta');
  const names: string[] = [];
  for (const entry of files.listDir?.(metaDir) ?? []) {
    const text = files.readText(join(metaDir, entry, 'meta.json'));
    if (!text) continue;
    try {
      const meta = JSON.parse(text) as ContextMeta;
      if (typeof meta.Name === 'string' && meta.Name && meta.Name !== 'default')
        names.push(meta.Name);
    } catch {
      // Not a context the docker CLI could read either.
    }
  }
  return names.sort();
}

// The docker CLI turns TLS on for any non-empty DOCKER_TLS_VERIFY (verifying) or
// DOCKER_TLS (not verifying); certificates come from DOCKER_CERT_PATH or ~/.docker.
function tlsFromEnv(env: Env, homeDir: string): TlsFiles | undefined {
  const verify = Boolean(env.DOCKER_TLS_VERIFY);
  if (!verify && !env.DOCKER_TLS) return undefined;
  return { certPath: env.DOCKER_CERT_PATH || configDir(env, homeDir), verify };
}

function configDir(env: Env, homeDir: string): string {
  return env.DOCKER_CONFIG || join(homeDir, '.docker');
}

/** Parse a docker host string (`unix://`, `tcp://`, `ssh://`, bare `host:port`). */
export function parseHost(
  value: string,
  source: EndpointSource,
  tls: TlsFiles | undefined,
): EngineEndpoint {
  const label = `${value} (${sourceLabel(source)})`;
  if (value.startsWith('unix://')) {
    const socketPath = value.slice('unix://'.length) || DEFAULT_DOCKER_SOCKET;
    return { kind: 'unix', socketPath, source, label };
  }
  if (value.startsWith('/')) return { kind: 'unix', socketPath: value, source, label };
  if (value.startsWith('npipe://'))
    return { kind: 'invalid', value, reason: 'named pipes exist only on Windows', source, label };
  const withScheme = value.includes('://') ? value : `tcp://${value}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { kind: 'invalid', value, reason: 'not a URL', source, label };
  }
  if (!url.hostname) return { kind: 'invalid', value, reason: 'no host name in it', source, label };
  if (url.protocol === 'ssh:') {
    return {
      kind: 'ssh',
      host: url.hostname,
      port: url.port ? Number(url.port) : 22,
      username: url.username || undefined,
      source,
      label,
    };
  }
  if (url.protocol === 'tcp:' || url.protocol === 'http:' || url.protocol === 'https:') {
    // The docker CLI's defaults: 2376 with TLS, 2375 without.
    const port = url.port ? Number(url.port) : tls ? 2376 : 2375;
    return { kind: 'tcp', host: url.hostname, port, tls, source, label };
  }
  return { kind: 'invalid', value, reason: `unsupported scheme ${url.protocol}`, source, label };
}

function sourceLabel(source: EndpointSource): string {
  switch (source) {
    case 'setting':
      return 'as configured (containerDoctor.docker.host or --host)';
    case 'DOCKER_HOST':
      return 'from DOCKER_HOST';
    case 'context':
      return 'from the current docker context';
    case 'default-socket':
      return 'the default Docker socket';
    case 'docker-desktop-socket':
      return "Docker Desktop's socket";
    case 'podman-socket':
      return "Podman's socket";
  }
}

interface ContextMeta {
  Name?: string;
  Endpoints?: { docker?: { Host?: string; SkipTLSVerify?: boolean } };
}

/**
 * A context's endpoint from the docker CLI's store: contexts/meta/<sha256(name)>/meta.json,
 * TLS material in contexts/tls/<sha256(name)>/docker/. undefined for "default".
 */
export function contextEndpoint(
  name: string,
  env: Env,
  homeDir: string,
  files: EndpointFiles = realEndpointFiles,
): EngineEndpoint | undefined {
  const dir = configDir(env, homeDir);
  if (name === 'default') return undefined;
  const digest = createHash('sha256').update(name).digest('hex');
  const metaText = files.readText(join(dir, 'contexts', 'meta', digest, 'meta.json'));
  const contextLabel = `docker context "${name}"`;
  if (!metaText) {
    return {
      kind: 'invalid',
      value: name,
      reason: `${contextLabel} has no meta.json in ${join(dir, 'contexts', 'meta', digest)}`,
      source: 'context',
      label: contextLabel,
    };
  }
  let meta: ContextMeta;
  try {
    meta = JSON.parse(metaText) as ContextMeta;
  } catch {
    return {
      kind: 'invalid',
      value: name,
      reason: `${contextLabel}: meta.json is not JSON`,
      source: 'context',
      label: contextLabel,
    };
  }
  const host = meta.Endpoints?.docker?.Host;
  if (!host) {
    return {
      kind: 'invalid',
      value: name,
      reason: `${contextLabel} has no docker endpoint`,
      source: 'context',
      label: contextLabel,
    };
  }
  const tlsDir = join(dir, 'contexts', 'tls', digest, 'docker');
  const hasTls = files.readText(join(tlsDir, 'ca.pem')) !== undefined;
  const tls = hasTls
    ? { certPath: tlsDir, verify: meta.Endpoints?.docker?.SkipTLSVerify !== true }
    : undefined;
  const endpoint = parseHost(host, 'context', tls);
  return { ...endpoint, label: `${host} (${contextLabel})` };
}

function defaultSocket(env: Env, homeDir: string, files: EndpointFiles): EngineEndpoint {
  if (files.isSocket(DEFAULT_DOCKER_SOCKET)) {
    return {
      kind: 'unix',
      socketPath: DEFAULT_DOCKER_SOCKET,
      source: 'default-socket',
      label: `${DEFAULT_DOCKER_SOCKET} (${sourceLabel('default-socket')})`,
    };
  }
  const desktop = join(homeDir, '.docker', 'run', 'docker.sock');
  if (files.isSocket(desktop)) {
    return {
      kind: 'unix',
      socketPath: desktop,
      source: 'docker-desktop-socket',
      label: `${desktop} (${sourceLabel('docker-desktop-socket')})`,
    };
  }
  const podman = [
    env.XDG_RUNTIME_DIR ? join(env.XDG_RUNTIME_DIR, 'podman', 'podman.sock') : undefined,
    ROOTFUL_PODMAN_SOCKET,
  ].filter((p): p is string => p !== undefined);
  for (const socketPath of podman) {
    if (files.isSocket(socketPath)) {
      return {
        kind: 'unix',
        socketPath,
        source: 'podman-socket',
        label: `${socketPath} (${sourceLabel('podman-socket')})`,
      };
    }
  }
  // Nothing found: keep the default so connect() can say "not installed" or "not running".
  return {
    kind: 'unix',
    socketPath: DEFAULT_DOCKER_SOCKET,
    source: 'default-socket',
    label: `${DEFAULT_DOCKER_SOCKET} (${sourceLabel('default-socket')})`,
  };
}

/** True when `path` exists at all (used to tell "not installed" from "not running"). */
export function pathExists(path: string): boolean {
  return existsSync(path);
}
