import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  classifyConnectError,
  compareApiVersions,
  parseHost,
  resolveEngineEndpoint,
  type EndpointFiles,
  type EngineEndpoint,
} from './index';
import { parseEventLine } from './events';

function fakeFiles(texts: Record<string, string>, sockets: string[] = []): EndpointFiles {
  return {
    readText: (p) => texts[p],
    isSocket: (p) => sockets.includes(p),
  };
}

const sha = (name: string): string => createHash('sha256').update(name).digest('hex');

describe('resolveEngineEndpoint', () => {
  test('the setting wins over DOCKER_HOST', () => {
    const e = resolveEngineEndpoint(
      { host: 'tcp://a:2375' },
      { DOCKER_HOST: 'unix:///x.sock' },
      '/home/u',
      fakeFiles({}),
    );
    assert.equal(e.kind, 'tcp');
    assert.equal(e.source, 'setting');
  });

  test('DOCKER_HOST unix, tcp with TLS, ssh', () => {
    const unix = resolveEngineEndpoint(
      {},
      { DOCKER_HOST: 'unix:///run/x.sock' },
      '/h',
      fakeFiles({}),
    );
    assert.deepEqual(
      { kind: unix.kind, path: unix.kind === 'unix' ? unix.socketPath : '' },
      { kind: 'unix', path: '/run/x.sock' },
    );
    const tls = resolveEngineEndpoint(
      {},
      {
        DOCKER_HOST: 'tcp://build.example:2376',
        DOCKER_TLS_VERIFY: '1',
        DOCKER_CERT_PATH: '/certs',
      },
      '/h',
      fakeFiles({}),
    );
    assert.equal(tls.kind, 'tcp');
    if (tls.kind === 'tcp') {
      assert.equal(tls.host, 'build.example');
      assert.equal(tls.port, 2376);
      assert.deepEqual(tls.tls, { certPath: '/certs', verify: true });
    }
    const tlsDefaultCerts = resolveEngineEndpoint(
      {},
      { DOCKER_HOST: 'tcp://b', DOCKER_TLS_VERIFY: '1' },
      '/h',
      fakeFiles({}),
    );
    assert.ok(tlsDefaultCerts.kind === 'tcp' && tlsDefaultCerts.port === 2376);
    assert.ok(tlsDefaultCerts.kind === 'tcp' && tlsDefaultCerts.tls?.certPath === '/h/.docker');
    const plain = resolveEngineEndpoint({}, { DOCKER_HOST: 'tcp://b' }, '/h', fakeFiles({}));
    assert.ok(plain.kind === 'tcp' && plain.port === 2375 && plain.tls === undefined);
    const ssh = resolveEngineEndpoint(
      {},
      { DOCKER_HOST: 'ssh://me@box:2222' },
      '/h',
      fakeFiles({}),
    );
    assert.deepEqual(ssh.kind === 'ssh' ? [ssh.host, ssh.port, ssh.username] : [], [
      'box',
      2222,
      'me',
    ]);
  });

  test('current docker context from config.json and contexts/meta/<sha256>', () => {
    const files = fakeFiles({
      '/h/.docker/config.json': JSON.stringify({ currentContext: 'remote' }),
      [`/h/.docker/contexts/meta/${sha('remote')}/meta.json`]: JSON.stringify({
        Name: 'remote',
        Endpoints: { docker: { Host: 'tcp://10.0.0.5:2376', SkipTLSVerify: false } },
      }),
      [`/h/.docker/contexts/tls/${sha('remote')}/docker/ca.pem`]: 'CA',
    });
    const e = resolveEngineEndpoint({}, {}, '/h', files);
    assert.equal(e.kind, 'tcp');
    assert.equal(e.source, 'context');
    if (e.kind === 'tcp') {
      assert.equal(e.host, '10.0.0.5');
      assert.deepEqual(e.tls, {
        certPath: `/h/.docker/contexts/tls/${sha('remote')}/docker`,
        verify: true,
      });
    }
    assert.match(e.label, /docker context "remote"/);
  });

  test('DOCKER_CONTEXT overrides currentContext; DOCKER_HOST overrides both', () => {
    const files = fakeFiles({
      '/h/.docker/config.json': JSON.stringify({ currentContext: 'remote' }),
      [`/h/.docker/contexts/meta/${sha('other')}/meta.json`]: JSON.stringify({
        Endpoints: { docker: { Host: 'unix:///other.sock' } },
      }),
    });
    const e = resolveEngineEndpoint({}, { DOCKER_CONTEXT: 'other' }, '/h', files);
    assert.ok(e.kind === 'unix' && e.socketPath === '/other.sock');
    const h = resolveEngineEndpoint(
      {},
      { DOCKER_CONTEXT: 'other', DOCKER_HOST: 'unix:///env.sock' },
      '/h',
      files,
    );
    assert.ok(h.kind === 'unix' && h.socketPath === '/env.sock');
  });

  test('a context without meta.json is reported, not silently replaced', () => {
    const files = fakeFiles({ '/h/.docker/config.json': '{"currentContext":"gone"}' });
    const e = resolveEngineEndpoint({}, {}, '/h', files);
    assert.equal(e.kind, 'invalid');
  });

  test('the "default" context means the default socket', () => {
    const files = fakeFiles({ '/h/.docker/config.json': '{"currentContext":"default"}' }, [
      '/var/run/docker.sock',
    ]);
    const e = resolveEngineEndpoint({}, {}, '/h', files);
    assert.ok(e.kind === 'unix' && e.source === 'default-socket');
  });

  test('Podman sockets when no Docker socket exists', () => {
    const rootless = resolveEngineEndpoint(
      {},
      { XDG_RUNTIME_DIR: '/run/user/1000' },
      '/h',
      fakeFiles({}, ['/run/user/1000/podman/podman.sock', '/run/podman/podman.sock']),
    );
    assert.ok(
      rootless.kind === 'unix' && rootless.socketPath === '/run/user/1000/podman/podman.sock',
    );
    assert.equal(rootless.source, 'podman-socket');
    const rootful = resolveEngineEndpoint({}, {}, '/h', fakeFiles({}, ['/run/podman/podman.sock']));
    assert.ok(rootful.kind === 'unix' && rootful.socketPath === '/run/podman/podman.sock');
    const docker = resolveEngineEndpoint(
      {},
      {},
      '/h',
      fakeFiles({}, ['/var/run/docker.sock', '/run/podman/podman.sock']),
    );
    assert.ok(docker.kind === 'unix' && docker.socketPath === '/var/run/docker.sock');
    const none = resolveEngineEndpoint({}, {}, '/h', fakeFiles({}));
    assert.ok(none.kind === 'unix' && none.socketPath === '/var/run/docker.sock');
  });

  test('bad host strings are values, not exceptions', () => {
    assert.equal(parseHost('ftp://x', 'setting', undefined).kind, 'invalid');
    assert.equal(parseHost('npipe:////./pipe/docker_engine', 'setting', undefined).kind, 'invalid');
    assert.equal(parseHost('host:2375', 'setting', undefined).kind, 'tcp');
  });
});

describe('classifyConnectError', () => {
  const unix: EngineEndpoint = {
    kind: 'unix',
    socketPath: '/var/run/docker.sock',
    source: 'default-socket',
    label: '/var/run/docker.sock',
  };
  test('each failure kind with a remedy', () => {
    const c = (code: string, installed = true, daemonAlive = false): string =>
      classifyConnectError(unix, { code, message: code }, { installed, daemonAlive }).kind;
    assert.equal(c('EACCES'), 'permission-denied');
    assert.equal(c('ENOENT', false), 'not-installed');
    assert.equal(c('ENOENT', true), 'not-running');
    assert.equal(c('ECONNREFUSED', true, true), 'restarting');
    const s = classifyConnectError(
      unix,
      { code: 'EACCES' },
      { installed: true, daemonAlive: true },
    );
    assert.ok(s.kind !== 'connected' && /docker group/.test(s.remedy));
    const tcp = parseHost('tcp://h:2375', 'setting', undefined);
    assert.equal(
      classifyConnectError(tcp, { code: 'ECONNREFUSED' }, { installed: true, daemonAlive: false })
        .kind,
      'unreachable',
    );
    assert.equal(
      classifyConnectError(tcp, { statusCode: 503 }, { installed: true, daemonAlive: false }).kind,
      'restarting',
    );
  });
  test('API versions compare numerically', () => {
    assert.ok(compareApiVersions('1.9', '1.41') < 0);
    assert.ok(compareApiVersions('1.41', '1.25') > 0);
    assert.equal(compareApiVersions('1.25', '1.25'), 0);
  });
});

describe('parseEventLine', () => {
  test('container events, as the 20.10 daemon sends them', () => {
    const e = parseEventLine(
      '{"status":"start","id":"abc","from":"img","Type":"container","Action":"start","Actor":{"ID":"abc","Attributes":{"name":"web"}},"scope":"local","time":1700000000,"timeNano":1700000000123456789}',
    );
    assert.deepEqual(e, {
      action: 'start',
      containerId: 'abc',
      attributes: { name: 'web' },
      timeMs: 1700000000123,
    });
    assert.equal(
      parseEventLine('{"Type":"network","Action":"connect","Actor":{"ID":"n"}}'),
      undefined,
    );
    assert.equal(parseEventLine('not json'), undefined);
  });
});
