// Engine API calls against a peer that is not a well-behaved engine, on a unix socket. Docker
// cannot be made to stall or redirect on demand, so the peer replays the responses a real
// Docker Engine 20.10 (API 1.41) sent on this machine (/_ping, /version and /info, headers
// included, captured with curl), and then misbehaves: it sends headers and stalls the body, or
// answers with a redirect. What a user relies on: a call ends with a message that says what
// happened (never a hang, never a request to another host), and a caller can cancel it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import {
  connect,
  EngineDeadlineError,
  EngineRedirectError,
  InvalidReferenceError,
  parseHost,
  type EngineState,
} from './index';

/** Headers Docker 20.10.24 sends with every answer. */
const dockerHeaders = {
  'Api-Version': '1.41',
  'Docker-Experimental': 'false',
  Ostype: 'linux',
  Server: 'Docker/20.10.24+dfsg1 (linux)',
};
const versionBody = JSON.stringify({
  Platform: { Name: '' },
  Components: [{ Name: 'Engine', Version: '20.10.24+dfsg1', Details: { ApiVersion: '1.41' } }],
  Version: '20.10.24+dfsg1',
  ApiVersion: '1.41',
  MinAPIVersion: '1.12',
  GitCommit: '5d6db84',
  GoVersion: 'go1.19.8',
  Os: 'linux',
  Arch: 'amd64',
  KernelVersion: '6.18.44-fc-v1252',
});

type Misbehaviour = (req: IncomingMessage, res: ServerResponse) => void;

/** Sends the headers and the first byte of a JSON list, then nothing (a trickle that stops). */
const stallBody: Misbehaviour = (_req, res) => {
  res.writeHead(200, { ...dockerHeaders, 'Content-Type': 'application/json' });
  res.write('[');
};

async function withPeer(
  misbehave: Misbehaviour,
  body: (host: string, seen: string[]) => Promise<void>,
  options: { stallVersion?: boolean; tcp?: boolean } = {},
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cdoc-peer-'));
  const socketPath = join(dir, 'docker.sock');
  const seen: string[] = [];
  const open = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    open.add(res);
    res.on('close', () => open.delete(res));
    if (req.url === '/_ping' || req.url === '/v1.41/_ping') {
      res.writeHead(200, { ...dockerHeaders, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('OK');
    } else if (req.url === '/version' && !options.stallVersion) {
      res.writeHead(200, { ...dockerHeaders, 'Content-Type': 'application/json' });
      res.end(versionBody);
    } else if (req.url === '/v1.41/info') {
      res.writeHead(200, { ...dockerHeaders, 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ CgroupVersion: '1', ServerVersion: '20.10.24+dfsg1' }));
    } else misbehave(req, res);
  });
  await new Promise<void>((resolve) =>
    options.tcp ? server.listen(0, '127.0.0.1', resolve) : server.listen(socketPath, resolve),
  );
  const address = server.address();
  const host =
    options.tcp && address && typeof address === 'object'
      ? `tcp://127.0.0.1:${address.port}`
      : `unix://${socketPath}`;
  try {
    await body(host, seen);
  } finally {
    for (const res of open) res.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  }
}

async function connected(host: string, deadlineMs: number): Promise<Docker> {
  const state: EngineState = await connect(parseHost(host, 'setting', undefined), {
    deadlineMs,
  });
  assert.equal(state.kind, 'connected', JSON.stringify(state));
  if (state.kind !== 'connected') throw new Error('not connected');
  return state.docker;
}

describe('a peer replaying Docker 20.10 responses, then stalling or redirecting', () => {
  test('answers /_ping, then sends headers and stalls the body: the call ends at its deadline, with a message', async () => {
    await withPeer(stallBody, async (host) => {
      const docker = await connected(host, 300);
      assert.equal(String(await docker.ping()), 'OK');
      await assert.rejects(docker.listContainers({ all: true }), (err: unknown) => {
        assert.ok(err instanceof EngineDeadlineError, String(err));
        assert.equal(err.code, 'ETIMEDOUT');
        assert.equal(err.message, 'the engine did not answer within 0.3 s (GET /containers/json)');
        return true;
      });
    });
  });

  test('a stalled call can be cancelled by its caller before the deadline', async () => {
    await withPeer(stallBody, async (host) => {
      const docker = await connected(host, 60_000);
      const controller = new AbortController();
      const call = docker.getContainer('web').inspect({ abortSignal: controller.signal });
      setTimeout(() => controller.abort(), 50);
      await assert.rejects(call, (err: unknown) => {
        assert.ok(!(err instanceof EngineDeadlineError), 'cancelled, not timed out');
        assert.match(String((err as Error).name), /Abort/);
        return true;
      });
    });
  });

  test('a /version that never completes: connect() reports the endpoint unreachable, with the deadline', async () => {
    await withPeer(
      stallBody,
      async (host) => {
        const state = await connect(parseHost(host, 'setting', undefined), {
          timeoutMs: 300,
        });
        assert.equal(state.kind, 'unreachable');
        assert.match(
          (state as { message: string }).message,
          /did not finish answering GET \/version within [\d.]+ s/,
        );
      },
      { stallVersion: true },
    );
  });

  test('a redirect is an error that says so, and is not followed (over TCP, to the same peer)', async () => {
    let self = '';
    await withPeer(
      (req, res) => {
        if (req.url === '/followed') return void res.end('[]');
        res.writeHead(301, { ...dockerHeaders, Location: `${self}/followed` });
        res.end();
      },
      async (host, seen) => {
        self = host.replace('tcp://', 'http://');
        const docker = await connected(host, 5000);
        await assert.rejects(docker.getContainer('web').inspect(), (err: unknown) => {
          assert.ok(err instanceof EngineRedirectError, String(err));
          assert.equal(err.statusCode, 301);
          assert.match(
            err.message,
            /answered HTTP 301 \(a redirect\) to GET \/containers\/web\/json/,
          );
          assert.match(err.message, /does not follow redirects/);
          return true;
        });
        await new Promise((resolve) => setTimeout(resolve, 200)); // a follow would be here by now
        assert.deepEqual(seen.slice(-1), ['GET /v1.41/containers/web/json']);
        assert.ok(!seen.includes('GET /followed'), seen.join(', '));
      },
      { tcp: true },
    );
  });

  test('names go into paths validated and encoded; a path-like name never reaches the engine', async () => {
    await withPeer(
      (_req, res) => {
        res.writeHead(404, { ...dockerHeaders, 'Content-Type': 'application/json' });
        res.end('{"message":"No such container"}');
      },
      async (host, seen) => {
        const docker = await connected(host, 5000);
        const before = seen.length;
        assert.throws(() => docker.getContainer('../../containers/json'), InvalidReferenceError);
        assert.throws(() => docker.getImage('../../containers/json'), InvalidReferenceError);
        assert.equal(seen.length, before, 'no request was made');
        await assert.rejects(docker.getContainer('/web').inspect(), { statusCode: 404 });
        await assert.rejects(docker.getImage('registry.example.com:5000/team/app:1.2').inspect(), {
          statusCode: 404,
        });
        assert.deepEqual(seen.slice(before), [
          'GET /v1.41/containers/web/json',
          'GET /v1.41/images/registry.example.com%3A5000/team/app%3A1.2/json',
        ]);
      },
    );
  });
});
