// What the CLI says when DOCKER_HOST points at something that is not a working engine, each
// against a real peer: a small HTTP server that is not Docker, a regular file named as the
// socket, a server that sends headers and then trickles its body. The message must say what
// was found there (not "too old, upgrade it", not "not running"), and a command-line user is
// never told that "the explorer reconnects".
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { cliNodeArgs } from './run-cli';

interface Run {
  status: number | null;
  stderr: string;
  ms: number;
}

/** The CLI as a user runs it (asynchronously: the peers answer from this process). */
function cli(args: string[], dockerHost: string): Promise<Run> {
  const started = Date.now();
  const child = spawn(process.execPath, [...cliNodeArgs, ...args], {
    env: { ...process.env, DOCKER_HOST: dockerHost, DOCKER_CONTEXT: '', NO_COLOR: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) =>
    child.on('close', (status) => resolve({ status, stderr, ms: Date.now() - started })),
  );
}

const servers: Server[] = [];
const dirs: string[] = [];
after(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function peer(handler: RequestListener): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `tcp://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function neverTheExplorer(r: Run): void {
  assert.doesNotMatch(r.stderr, /explorer/i);
}

describe('CLI engine messages against real peers', () => {
  test('an HTTP server that is not Docker: "not a Docker engine", with what it answered', async () => {
    const host = await peer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<html><body>It works!</body></html>\n');
    });
    for (const command of ['audit', 'ps']) {
      const r = await cli(command === 'ps' ? ['ps', 'web'] : [command], host);
      assert.equal(r.status, 3, r.stderr);
      assert.match(
        r.stderr,
        /answers HTTP, but it is not a Docker engine: GET \/version gave "<html><body>It works!<\/body><\/html>"/,
      );
      assert.doesNotMatch(r.stderr, /too old|[Uu]pgrade/);
      neverTheExplorer(r);
    }
  });

  test('a web server answering 404 to /version is not an engine either', async () => {
    const host = await peer((_req, res) => {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('Not Found');
    });
    const r = await cli(['audit'], host);
    assert.equal(r.status, 3);
    assert.match(r.stderr, /not a Docker engine: GET \/version gave HTTP 404/);
    assert.doesNotMatch(r.stderr, /Cannot reach|too old/);
  });

  test('a regular file named as the socket: said so, not "not running"', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cdoc-not-a-socket-'));
    dirs.push(dir);
    const file = path.join(dir, 'docker.sock');
    writeFileSync(file, 'not a socket\n');
    const r = await cli(['audit'], `unix://${file}`);
    assert.equal(r.status, 3);
    assert.match(r.stderr, new RegExp(`${file} is a regular file, not a socket`));
    assert.doesNotMatch(r.stderr, /not running|Start it/);
    neverTheExplorer(r);
    // A path with nothing at it is still "not running", and says there is no socket.
    const gone = await cli(['audit'], `unix://${path.join(dir, 'gone.sock')}`);
    assert.match(gone.stderr, /is not running: there is no socket at .*gone\.sock/);
    neverTheExplorer(gone);
  });

  test('a server that sends headers and trickles the body: ends at the deadline and says so', async () => {
    const host = await peer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Api-Version': '1.41' });
      res.write('{');
      const trickle = setInterval(() => res.write(' '), 200);
      res.on('close', () => clearInterval(trickle));
    });
    const r = await cli(['audit'], host);
    assert.equal(r.status, 3, r.stderr);
    assert.match(
      r.stderr,
      /took the request but did not finish answering GET \/version within 5 s: a stuck or overloaded engine, or not an engine\./,
    );
    assert.match(r.stderr, /Then try again\./);
    assert.doesNotMatch(r.stderr, /TLS|DOCKER_CERT_PATH/);
    neverTheExplorer(r);
  });
});
