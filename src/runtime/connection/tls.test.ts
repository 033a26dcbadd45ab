// DOCKER_HOST=tcp://… with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH, end to end over real
// TLS: certificates made with openssl, a local HTTPS server that demands a client
// certificate and answers /version and /info as a daemon does. Needs openssl (.ci/run
// installs it): without it the suite fails, it does not skip.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, resolveEngineEndpoint } from './index';

let dir = '';
let server: Server | undefined;
let port = 0;

function openssl(args: string[]): void {
  try {
    execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (err) {
    const e = err as { code?: string; stderr?: Buffer };
    if (e.code === 'ENOENT')
      throw new Error('openssl is needed to make the test certificates (apt-get install openssl)');
    throw new Error(`openssl ${args[0]} failed: ${e.stderr?.toString() ?? String(err)}`);
  }
}

function signed(name: string, ca: string, san?: string): void {
  openssl([
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    `${name}-key.pem`,
    '-subj',
    `/CN=${name}`,
    '-out',
    `${name}.csr`,
  ]);
  const ext = san ? ['-extfile', 'ext.cnf'] : [];
  if (san) writeFileSync(join(dir, 'ext.cnf'), `subjectAltName=${san}\n`);
  openssl([
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    `${ca}.pem`,
    '-CAkey',
    `${ca}-key.pem`,
    '-CAcreateserial',
    '-days',
    '1',
    '-out',
    `${name}.pem`,
    ...ext,
  ]);
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cdoc-tls-'));
  {
    openssl([
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'ca-key.pem',
      '-out',
      'ca.pem',
      '-days',
      '1',
      '-subj',
      '/CN=test-ca',
    ]);
    openssl([
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'other-ca-key.pem',
      '-out',
      'other-ca.pem',
      '-days',
      '1',
      '-subj',
      '/CN=other-ca',
    ]);
    signed('server', 'ca', 'IP:127.0.0.1');
    signed('client', 'ca');
  }
  // DOCKER_CERT_PATH layouts: ca.pem, cert.pem, key.pem.
  const layout = (name: string, ca: string, withClient: boolean): void => {
    mkdirSync(join(dir, name));
    copyFileSync(join(dir, `${ca}.pem`), join(dir, name, 'ca.pem'));
    if (withClient) {
      copyFileSync(join(dir, 'client.pem'), join(dir, name, 'cert.pem'));
      copyFileSync(join(dir, 'client-key.pem'), join(dir, name, 'key.pem'));
    }
  };
  layout('good', 'ca', true);
  layout('no-client-cert', 'ca', false);
  layout('wrong-ca', 'other-ca', true);
  server = createServer(
    {
      key: readFileSync(join(dir, 'server-key.pem')),
      cert: readFileSync(join(dir, 'server.pem')),
      ca: readFileSync(join(dir, 'ca.pem')),
      requestCert: true,
      rejectUnauthorized: true,
    },
    (req, res) => {
      res.setHeader('Content-Type', 'application/json');
      if (req.url === '/version')
        res.end(
          JSON.stringify({
            ApiVersion: '1.41',
            Version: '20.10.24',
            Os: 'linux',
            KernelVersion: 'remote',
          }),
        );
      else if (req.url === '/v1.41/info') res.end(JSON.stringify({ CgroupVersion: '2' }));
      else {
        res.statusCode = 404;
        res.end('{"message":"not here"}');
      }
    },
  );
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

after(async () => {
  if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

const endpointWith = (certDir: string, verify: boolean) =>
  resolveEngineEndpoint(
    {},
    {
      DOCKER_HOST: `tcp://127.0.0.1:${port}`,
      ...(verify ? { DOCKER_TLS_VERIFY: '1' } : { DOCKER_TLS: '1' }),
      DOCKER_CERT_PATH: join(dir, certDir),
    },
    '/nonexistent-home',
  );

describe('TCP with TLS', () => {
  test('DOCKER_TLS_VERIFY + DOCKER_CERT_PATH: verified server, client certificate sent', async () => {
    const state = await connect(endpointWith('good', true));
    assert.equal(state.kind, 'connected', state.kind !== 'connected' ? state.message : '');
    if (state.kind !== 'connected') return;
    assert.equal(state.version.apiVersion, '1.41');
    assert.equal(state.version.cgroupVersion, '2');
    assert.equal(state.version.local, false);
  });

  test('a server certificate from another CA is refused when verifying', async () => {
    const state = await connect(endpointWith('wrong-ca', true));
    assert.equal(state.kind, 'unreachable');
    assert.match(state.message, /certificate/, 'the message says the certificate was refused');
    assert.match(state.remedy, /DOCKER_CERT_PATH/, 'the remedy points at the TLS files');
  });

  test('without DOCKER_TLS_VERIFY the server is not verified (docker CLI --tls)', async () => {
    const state = await connect(endpointWith('wrong-ca', false));
    assert.equal(state.kind, 'connected', state.kind !== 'connected' ? state.message : '');
  });

  test('no client certificate: the daemon refuses, reported as unreachable', async () => {
    const state = await connect(endpointWith('no-client-cert', true));
    assert.equal(state.kind, 'unreachable');
    // The daemon's TLS alert, as the user will read it.
    assert.match(state.message, /certificate required/);
    assert.match(state.remedy, /DOCKER_CERT_PATH/);
  });
});
