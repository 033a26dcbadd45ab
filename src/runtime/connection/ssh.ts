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

/**
 * An http.Agent that carries Engine API requests over one shared ssh connection, through
 * `docker system dial-stdio` channels kept alive between requests, as the docker CLI does
 * (its HTTP client reuses the one dial-stdio stream). Opening a session costs the remote
 * sshd a fork and a shell: measured here, 3 to 4 s per session on a loaded machine, against
 * a few ms for a request on an open channel. docker-modem's own ssh support opens a new ssh
 * connection per request and hands Node's http client a channel without socket methods (a
 * request timeout then throws); here channels get the socket methods http calls, and the ssh
 * connection stops holding the process open while no request uses it.
 */
export function sshAgent(options: SshConnectOptions, readyTimeoutMs: number): Agent {
  let client: Client | undefined;
  let ready: Promise<Client> | undefined;
  /** Channels a request is using (Node's http unrefs a socket it keeps for reuse). */
  const inUse = new Set<ClientChannel>();
  /** Channels asked for and not opened yet: they hold the process open too. */
  let pending = 0;

  const tcp = (c: Client | undefined) =>
    (c as unknown as { _sock?: { ref?(): void; unref?(): void } } | undefined)?._sock;
  const holdProcess = (): void => {
    const sock = tcp(client);
    if (inUse.size > 0 || pending > 0) sock?.ref?.();
    else sock?.unref?.();
  };
  const drop = (c: Client): void => {
    if (client !== c) return;
    client = undefined;
    ready = undefined;
    c.end();
  };
  const connection = (): Promise<Client> => {
    if (ready) return ready;
    const c = new Client();
    client = c;
    ready = new Promise<Client>((resolve, reject) => {
      c.once('ready', () => resolve(c));
      c.once('error', (err) => {
        drop(c);
        reject(err);
      });
      c.once('close', () => {
        drop(c);
        reject(new Error('the ssh connection closed'));
      });
      c.connect({
        host: options.host,
        port: options.port,
        username: options.username,
        authHandler: options.authHandler,
        readyTimeout: readyTimeoutMs,
      });
    });
    return ready;
  };

  const agent = new Agent({ keepAlive: true, maxFreeSockets: 4 });
  (agent as unknown as { createConnection: unknown }).createConnection = (
    _opts: unknown,
    callback: (err: Error | null, socket?: Duplex) => void,
  ): undefined => {
    pending++;
    holdProcess();
    const done = (): void => {
      pending--;
      holdProcess();
    };
    connection().then(
      (c) => {
        holdProcess();
        c.exec('docker system dial-stdio', (err, channel) => {
          done();
          if (err) return callback(err);
          const socketLike = channel as ClientChannel & Record<string, unknown>;
          inUse.add(channel);
          holdProcess();
          // Node's http client calls these on its socket; a channel has none of them.
          for (const name of ['setTimeout', 'setNoDelay', 'setKeepAlive'])
            if (typeof socketLike[name] !== 'function') socketLike[name] = () => socketLike;
          socketLike.ref = () => {
            inUse.add(channel);
            holdProcess();
            return socketLike;
          };
          socketLike.unref = () => {
            inUse.delete(channel);
            holdProcess();
            return socketLike;
          };
          channel.once('close', () => {
            inUse.delete(channel);
            holdProcess();
          });
          callback(null, channel);
        });
      },
      (err: Error) => {
        done();
        callback(err);
      },
    );
    return undefined;
  };
  return agent;
}
