// A unix-socket proxy in front of the real Docker socket that counts HTTP requests
// (method + path) passing through. Used to prove "idle = zero Engine API calls" and
// to count calls per refresh, without instrumenting the code under test.
import { createServer, connect, type Server, type Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface CountingProxy {
  socketPath: string;
  /** Every request line seen, in order ("GET /v1.41/containers/json?all=1"). */
  requests: string[];
  reset(): void;
  close(): Promise<void>;
}

const REQUEST_LINE = /(GET|POST|PUT|DELETE|HEAD) (\S+) HTTP\/1\.[01]\r\n/g;

export async function startCountingProxy(target = '/var/run/docker.sock'): Promise<CountingProxy> {
  const dir = mkdtempSync(join(tmpdir(), 'cdoc-proxy-'));
  const socketPath = join(dir, 'docker.sock');
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(target);
    sockets.add(client);
    sockets.add(upstream);
    client.on('data', (chunk: Buffer) => {
      // Each request line starts a write of its own; bodies here are small JSON.
      for (const m of chunk.toString('latin1').matchAll(REQUEST_LINE))
        requests.push(`${m[1]} ${m[2]}`);
      upstream.write(chunk);
    });
    upstream.on('data', (c) => client.write(c));
    const end = (): void => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  return {
    socketPath,
    requests,
    reset: () => {
      requests.length = 0;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
