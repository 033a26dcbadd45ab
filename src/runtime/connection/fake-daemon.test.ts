// connect() against small fake daemons on unix sockets: the states a real engine
// rarely shows on demand (API too old, answering 503 while it starts) and version
// pinning (every call after /version carries the daemon's API version).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, parseHost, type EngineState } from './index';

async function withFakeDaemon(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  body: (socketPath: string, seen: string[]) => Promise<void>,
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cdoc-fake-'));
  const socketPath = join(dir, 'docker.sock');
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    res.setHeader('Content-Type', 'application/json');
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  try {
    await body(socketPath, seen);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  }
}

const at = (socketPath: string): Promise<EngineState> =>
  connect(parseHost(`unix://${socketPath}`, 'setting', undefined));

describe('connect() against fake daemons', () => {
  test('API 1.12 is too old, with the version in the message', async () => {
    await withFakeDaemon(
      (_req, res) => res.end(JSON.stringify({ ApiVersion: '1.12', Version: '1.0.1', Os: 'linux' })),
      async (socketPath) => {
        const s = await at(socketPath);
        assert.equal(s.kind, 'api-too-old');
        assert.match((s as { message: string }).message, /1\.12/);
      },
    );
  });

  test('a daemon answering 503 is restarting', async () => {
    await withFakeDaemon(
      (_req, res) => {
        res.statusCode = 503;
        res.end('{"message":"starting"}');
      },
      async (socketPath) => assert.equal((await at(socketPath)).kind, 'restarting'),
    );
  });

  test('the client is pinned to the daemon API version; Podman is recognised', async () => {
    await withFakeDaemon(
      (req, res) => {
        if (req.url === '/version')
          res.end(
            JSON.stringify({
              ApiVersion: '1.40',
              Version: '4.3.1',
              Os: 'linux',
              Components: [{ Name: 'Podman Engine' }],
            }),
          );
        else if (req.url === '/v1.40/info') res.end('{}');
        else if (req.url?.startsWith('/v1.40/containers/json')) res.end('[]');
        else {
          res.statusCode = 404;
          res.end('{"message":"unexpected path"}');
        }
      },
      async (socketPath, seen) => {
        const s = await at(socketPath);
        assert.equal(s.kind, 'connected');
        if (s.kind !== 'connected') return;
        assert.equal(s.version.product, 'podman');
        assert.equal(s.version.cgroupVersion, '1');
        await s.docker.listContainers();
        assert.deepEqual(seen, ['GET /version', 'GET /v1.40/info', 'GET /v1.40/containers/json']);
      },
    );
  });
});
