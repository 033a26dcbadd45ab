// How an ssh:// engine is reached, the way `docker -H ssh://…` reaches it: the docker CLI
// runs the system `ssh`, so the user's ~/.ssh/config (Host aliases, HostName, Port, User,
// IdentityFile, IdentityAgent), the ssh-agent (SSH_AUTH_SOCK) and the default identity files
// decide. docker-modem dials with ssh2 instead, which reads none of them: this module turns
// them into ssh2 connect options. The remote side runs `docker system dial-stdio`.
import { readFileSync } from 'node:fs';
import { Agent } from 'node:http';
import type { Duplex } from 'node:stream';
import { Client, type ClientChannel } from 'ssh2';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import SSHConfig from 'ssh-config';

type Env = Readonly<Record<string, string | undefined>>;

/** OpenSSH's default identities, in the order `ssh` tries them. */
const DEFAULT_IDENTITIES = ['id_rsa', 'id_ecdsa', 'id_ecdsa_sk', 'id_ed25519', 'id_ed25519_sk'];

export interface SshTarget {
  host: string;
  port: number;
  username: string | undefined;
}

/** One ssh2 authentication method (`authHandler` array form). */
export type SshAuthMethod =
  | { type: 'agent'; username: string; agent: string }
  | { type: 'publickey'; username: string; key: Buffer };

export interface SshConnectOptions {
  host: string;
  port: number;
  username: string;
  /** Tried in order: the agent, then each identity file that could be read. */
  authHandler: SshAuthMethod[];
  /** Where the identities came from, for messages ("tried …"). */
  tried: string[];
}

function expandHome(path: string, homeDir: string): string {
  return path === '~' ? homeDir : path.startsWith('~/') ? join(homeDir, path.slice(2)) : path;
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function localUser(env: Env): string {
  try {
    return env.USER || userInfo().username;
  } catch {
    return 'root';
  }
}

/**
 * The ssh2 options for an ssh:// endpoint: ~/.ssh/config applied to the host (an alias's
 * HostName, Port and User where the URL gives none), then the agent and the identities.
 */
export function sshConnectOptions(
  target: SshTarget,
  env: Env,
  homeDir: string,
  readFile: (path: string) => Buffer | undefined = readOptional,
): SshConnectOptions {
  const configText = readFile(join(homeDir, '.ssh', 'config'));
  let computed: Record<string, string | string[]> = {};
  if (configText) {
    try {
      computed = SSHConfig.parse(configText.toString('utf8')).compute(target.host);
    } catch {
      // ssh itself would refuse a broken config; we fall back to its defaults.
    }
  }
  const username = target.username ?? first(computed.User) ?? localUser(env);
  const host = first(computed.HostName) ?? target.host;
  const configuredPort = Number(first(computed.Port));
  // The URL's port wins; parseHost fills in 22 when the URL has none.
  const port = target.port !== 22 ? target.port : configuredPort || 22;

  const authHandler: SshAuthMethod[] = [];
  const tried: string[] = [];
  const identityAgent = first(computed.IdentityAgent);
  const agent =
    identityAgent && identityAgent !== 'none' && identityAgent !== 'SSH_AUTH_SOCK'
      ? expandHome(identityAgent, homeDir)
      : identityAgent === 'none'
        ? undefined
        : env.SSH_AUTH_SOCK;
  if (agent) {
    authHandler.push({ type: 'agent', username, agent });
    tried.push(`ssh-agent (${agent})`);
  }
  const configured = computed.IdentityFile;
  const files = (Array.isArray(configured) ? configured : configured ? [configured] : [])
    .map((f) => expandHome(f, homeDir))
    .concat(DEFAULT_IDENTITIES.map((f) => join(homeDir, '.ssh', f)));
  for (const path of [...new Set(files)]) {
    const key = readFile(path);
    if (!key) continue;
    authHandler.push({ type: 'publickey', username, key });
    tried.push(path);
  }
  return { host, port, username, authHandler, tried };
}

function readOptional(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

/** How long an ssh connection without open channels is kept for the next request. */
const SSH_IDLE_MS = 5000;

/**
 * An http.Agent that carries each Engine API request over one shared ssh connection, one
 * `docker system dial-stdio` channel per request (as the docker CLI's ssh helper does).
 * docker-modem's own ssh support opens a new ssh connection per request and hands Node's
 * http client a channel without socket methods (a request timeout then throws); here the
 * connection is shared and the channel gets the socket methods http calls.
 */
export function sshAgent(options: SshConnectOptions, readyTimeoutMs: number): Agent {
  let client: Client | undefined;
  let ready: Promise<Client> | undefined;
  let open = 0;
  let idle: ReturnType<typeof setTimeout> | undefined;

  const drop = (): void => {
    client?.end();
    client = undefined;
    ready = undefined;
  };
  const connection = (): Promise<Client> => {
    if (ready) return ready;
    const c = new Client();
    client = c;
    ready = new Promise<Client>((resolve, reject) => {
      c.once('ready', () => resolve(c));
      c.once('error', (err) => {
        if (client === c) drop();
        reject(err);
      });
      c.once('close', () => {
        if (client === c) drop();
        reject(new Error('the ssh connection closed'));
      });
      c.connect({
        host: options.host,
        port: options.port,
        username: options.username,
        authHandler: options.authHandler,
        readyTimeout: readyTimeoutMs,
        keepaliveInterval: 15_000,
      });
    });
    return ready;
  };

  const agent = new Agent({ keepAlive: false });
  (agent as unknown as { createConnection: unknown }).createConnection = (
    _opts: unknown,
    callback: (err: Error | null, socket?: Duplex) => void,
  ): undefined => {
    if (idle) clearTimeout(idle);
    connection().then(
      (c) =>
        c.exec('docker system dial-stdio', (err, channel) => {
          if (err) return callback(err);
          open++;
          const socketLike = channel as ClientChannel & Record<string, unknown>;
          // Node's http client calls these on its socket; a channel has none of them.
          for (const name of ['setTimeout', 'setNoDelay', 'setKeepAlive', 'ref', 'unref'])
            if (typeof socketLike[name] !== 'function') socketLike[name] = () => socketLike;
          channel.once('close', () => {
            open--;
            if (open === 0) {
              if (idle) clearTimeout(idle);
              idle = setTimeout(() => {
                if (open === 0) drop();
              }, SSH_IDLE_MS);
              idle.unref?.();
            }
          });
          callback(null, channel);
        }),
      (err: Error) => callback(err),
    );
    return undefined;
  };
  return agent;
}
