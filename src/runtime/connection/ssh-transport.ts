// An `ssh://` engine is reached the way the docker CLI reaches it: an ssh connection that runs
// `docker system dial-stdio` on the remote host and speaks HTTP over that stream.
//
// docker-modem can do this itself (protocol 'ssh'), but it then builds each request's URL with
// url.format from a protocol without slashes ('ssh:127.0.0.1:2222127.0.0.1') and parses it
// again, which makes Node print DEP0170 ("The URL ... is invalid") on every call, and which
// future Node versions will refuse. Here the client speaks plain HTTP (a well-formed
// http://host:port/... URL) through an http.Agent whose connections are those ssh streams.
import type Docker from 'dockerode';
import { Agent, type AgentOptions } from 'node:http';
import type { Duplex } from 'node:stream';
import { Client, type ConnectConfig } from 'ssh2';

/** The http.Agent whose sockets are `docker system dial-stdio` streams over ssh. */
export class SshDialStdioAgent extends Agent {
  constructor(
    private readonly config: ConnectConfig,
    options?: AgentOptions,
  ) {
    super(options);
  }

  // One ssh connection per HTTP connection (as docker-modem and the docker CLI do): it ends
  // when the stream closes, so nothing outlives the request.
  override createConnection(
    _options: unknown,
    callback: (err: Error | null, stream?: Duplex) => void,
  ): undefined {
    const conn = new Client();
    let answered = false;
    const answer = (err: Error | null, stream?: Duplex) => {
      if (answered) return;
      answered = true;
      callback(err, stream);
    };
    conn.once('ready', () => {
      conn.exec('docker system dial-stdio', (err, stream) => {
        if (err) {
          conn.end();
          return answer(err);
        }
        stream.once('close', () => conn.end());
        answer(null, asSocket(stream));
      });
    });
    conn.on('error', (err) => {
      conn.end();
      answer(err);
    });
    conn.once('close', () =>
      answer(new Error('the ssh connection closed before the engine answered')),
    );
    conn.connect(this.config);
    return undefined;
  }
}

/**
 * Node's HTTP client calls socket methods an ssh channel lacks: setTimeout (an idle timeout,
 * re-armed whenever data arrives), setNoDelay, setKeepAlive, ref and unref.
 */
function asSocket(stream: Duplex): Duplex {
  const socket = stream as Duplex & Record<string, unknown>;
  let idleMs = 0;
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(timer);
    if (idleMs <= 0) return;
    timer = setTimeout(() => socket.emit('timeout'), idleMs);
    timer.unref();
  };
  const push = socket.push.bind(socket);
  socket.push = (chunk: unknown, encoding?: BufferEncoding) => {
    arm();
    return push(chunk, encoding);
  };
  socket.once('close', () => clearTimeout(timer));
  socket.setTimeout = (ms: number, onTimeout?: () => void) => {
    idleMs = ms;
    if (onTimeout) socket.once('timeout', onTimeout);
    arm();
    return socket;
  };
  for (const name of ['setNoDelay', 'setKeepAlive', 'ref', 'unref'])
    if (typeof socket[name] !== 'function') socket[name] = () => socket;
  return socket;
}

interface SshModem {
  protocol?: string;
  host?: string;
  port?: number | string;
  username?: string;
  password?: string;
  sshOptions?: Record<string, unknown>;
  agent?: Agent;
}

/**
 * A client made for an `ssh://` engine (docker-modem protocol 'ssh') is switched to HTTP over
 * an SshDialStdioAgent with the same host, port, user and ssh options. Other clients are left
 * as they are. Returns the same client.
 */
export function speakHttpOverSsh(docker: Docker): Docker {
  const modem = docker.modem as unknown as SshModem;
  if (modem.protocol !== 'ssh') return docker;
  const config: ConnectConfig = {
    ...(modem.sshOptions as ConnectConfig),
    host: modem.host,
    port: modem.port === undefined ? undefined : Number(modem.port),
    username: modem.username,
    password: modem.password,
  };
  modem.protocol = 'http';
  modem.agent = new SshDialStdioAgent(config);
  return docker;
}
