// Engine discovery, the docker CLI's precedence and the ssh options, on a fake file system:
// every branch without touching the machine (the real engines are in test/docker/engines/).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  chooseEngines,
  discoverEngines,
  parseEngineSelection,
  resolveEngineEndpoint,
  sshConnectOptions,
  type EndpointFiles,
  type Engine,
} from './index';

const sha = (name: string): string => createHash('sha256').update(name).digest('hex');

/** A docker config dir at /h/.docker holding `contexts` (name -> host) and a currentContext. */
function store(
  contexts: Record<string, string>,
  currentContext?: string,
  sockets: string[] = ['/var/run/docker.sock'],
  extra: Record<string, string> = {},
): EndpointFiles {
  const texts: Record<string, string> = { ...extra };
  for (const [name, host] of Object.entries(contexts))
    texts[`/h/.docker/contexts/meta/${sha(name)}/meta.json`] = JSON.stringify({
      Name: name,
      Endpoints: { docker: { Host: host, SkipTLSVerify: false } },
    });
  if (currentContext) texts['/h/.docker/config.json'] = JSON.stringify({ currentContext });
  return {
    readText: (p) => texts[p],
    isSocket: (p) => sockets.includes(p),
    listDir: (p) =>
      p === '/h/.docker/contexts/meta' ? Object.keys(contexts).map((n) => sha(n)) : [],
  };
}

const where = (e: Engine): string =>
  e.endpoint.kind === 'unix'
    ? e.endpoint.socketPath
    : e.endpoint.kind === 'invalid'
      ? e.endpoint.reason
      : `${e.endpoint.kind}://${e.endpoint.host}:${e.endpoint.port}`;

describe('precedence: --host > --context > DOCKER_HOST > DOCKER_CONTEXT > currentContext', () => {
  const files = store({ two: 'unix:///run/two.sock', three: 'tcp://three:2376' }, 'three', [
    '/var/run/docker.sock',
  ]);
  const env = { DOCKER_HOST: 'unix:///run/env.sock', DOCKER_CONTEXT: 'two' };
  const at = (e: ReturnType<typeof resolveEngineEndpoint>) =>
    e.kind === 'unix' ? e.socketPath : e.kind === 'tcp' ? `${e.host}:${e.port}` : e.kind;

  test('each level wins over the ones after it', () => {
    assert.equal(
      at(resolveEngineEndpoint({ host: 'unix:///h.sock', context: 'two' }, env, '/h', files)),
      '/h.sock',
    );
    assert.equal(at(resolveEngineEndpoint({ context: 'two' }, env, '/h', files)), '/run/two.sock');
    assert.equal(at(resolveEngineEndpoint({}, env, '/h', files)), '/run/env.sock');
    assert.equal(
      at(resolveEngineEndpoint({}, { DOCKER_CONTEXT: 'two' }, '/h', files)),
      '/run/two.sock',
    );
    assert.equal(at(resolveEngineEndpoint({}, {}, '/h', files)), 'three:2376');
  });

  test('--context default is DOCKER_HOST or the default socket, as the docker CLI has it', () => {
    assert.equal(
      at(resolveEngineEndpoint({ context: 'default' }, env, '/h', files)),
      '/run/env.sock',
    );
    assert.equal(
      at(resolveEngineEndpoint({ context: 'default' }, {}, '/h', files)),
      '/var/run/docker.sock',
    );
  });

  test('an unknown --context is an error naming it, not a silent fallback', () => {
    const e = resolveEngineEndpoint({ context: 'nosuch' }, {}, '/h', files);
    assert.equal(e.kind, 'invalid');
    assert.match(e.kind === 'invalid' ? e.reason : '', /docker context "nosuch" has no meta.json/);
  });
});

describe('discoverEngines', () => {
  test('every context, the current one first, the default socket once', () => {
    const files = store(
      {
        engine2: 'unix:///run/cd-lab/engine2.sock',
        lab: 'ssh://root@127.0.0.1:2222',
        same: 'unix:///var/run/docker.sock',
      },
      'engine2',
    );
    const engines = discoverEngines({}, {}, '/h', files);
    assert.deepEqual(
      engines.map((e) => [e.name, where(e), e.current]),
      [
        ['engine2', '/run/cd-lab/engine2.sock', true],
        ['default', '/var/run/docker.sock', false],
        ['lab', 'ssh://127.0.0.1:2222', false],
      ],
    );
  });

  test('the setting is the current engine; DOCKER_HOST is the default context', () => {
    const engines = discoverEngines(
      { host: 'tcp://remote:2375' },
      { DOCKER_HOST: 'unix:///run/env.sock' },
      '/h',
      store({}),
    );
    assert.deepEqual(
      engines.map((e) => [e.name, where(e), e.current, e.source]),
      [
        ['configured', 'tcp://remote:2375', true, 'setting'],
        ['default', '/run/env.sock', false, 'context'],
      ],
    );
  });

  test("Podman's sockets when present, rootful and rootless", () => {
    const files = store({}, undefined, [
      '/var/run/docker.sock',
      '/run/podman/podman.sock',
      '/run/user/1000/podman/podman.sock',
    ]);
    const engines = discoverEngines({}, { XDG_RUNTIME_DIR: '/run/user/1000' }, '/h', files);
    assert.deepEqual(
      engines.map((e) => [e.name, where(e)]),
      [
        ['default', '/var/run/docker.sock'],
        ['podman', '/run/podman/podman.sock'],
        ['podman-rootless', '/run/user/1000/podman/podman.sock'],
      ],
    );
  });

  test('a context with TLS material gets it', () => {
    const files = store({ tls: 'tcp://secure:2376' }, undefined, [], {
      [`/h/.docker/contexts/tls/${sha('tls')}/docker/ca.pem`]: 'CA',
    });
    const tls = discoverEngines({}, {}, '/h', files).find((e) => e.name === 'tls');
    assert.ok(tls?.endpoint.kind === 'tcp' && tls.endpoint.tls);
    assert.equal(tls.endpoint.tls.certPath, `/h/.docker/contexts/tls/${sha('tls')}/docker`);
    assert.equal(tls.endpoint.tls.verify, true);
  });
});

describe('chooseEngines', () => {
  const files = store({ a: 'unix:///a.sock', b: 'unix:///b.sock' });
  const engines = discoverEngines({}, {}, '/h', files);
  const answers = async (e: Engine) => e.name === 'b';

  test('auto: the current engine and every other that answers', async () => {
    assert.deepEqual(
      (await chooseEngines(engines, 'auto', answers)).map((e) => e.name),
      ['default', 'b'],
    );
  });
  test('current, all, and names in their order (unknown names left out)', async () => {
    assert.deepEqual(
      (await chooseEngines(engines, 'current', answers)).map((e) => e.name),
      ['default'],
    );
    assert.deepEqual(
      (await chooseEngines(engines, 'all', answers)).map((e) => e.name),
      ['default', 'a', 'b'],
    );
    assert.deepEqual(
      (await chooseEngines(engines, ['b', 'x', 'a'], answers)).map((e) => e.name),
      ['b', 'a'],
    );
  });
  test('the setting value: anything unrecognised is auto', () => {
    assert.equal(parseEngineSelection(undefined), 'auto');
    assert.equal(parseEngineSelection('all'), 'all');
    assert.deepEqual(parseEngineSelection(['x', '', 3]), ['x']);
    assert.equal(parseEngineSelection([]), 'auto');
  });
});

describe('sshConnectOptions: what ssh would use', () => {
  const key = Buffer.from('KEY');
  test('a Host alias from ~/.ssh/config: HostName, Port, User, IdentityFile; then the agent order', () => {
    const files: Record<string, Buffer> = {
      '/h/.ssh/config': Buffer.from(
        'Host lab\n  HostName 127.0.0.1\n  Port 2222\n  User root\n  IdentityFile ~/.ssh/lab_key\n',
      ),
      '/h/.ssh/lab_key': key,
      '/h/.ssh/id_ed25519': Buffer.from('DEFAULT'),
    };
    const o = sshConnectOptions(
      { host: 'lab', port: 22, username: undefined },
      { SSH_AUTH_SOCK: '/tmp/agent.sock' },
      '/h',
      (p) => files[p],
    );
    assert.deepEqual([o.host, o.port, o.username], ['127.0.0.1', 2222, 'root']);
    assert.deepEqual(o.tried, [
      'ssh-agent (/tmp/agent.sock)',
      '/h/.ssh/lab_key',
      '/h/.ssh/id_ed25519',
    ]);
    assert.deepEqual(
      o.authHandler.map((m) => m.type),
      ['agent', 'publickey', 'publickey'],
    );
  });
  test('the URL wins over the config; no config: the default identities only', () => {
    const o = sshConnectOptions({ host: 'h', port: 2200, username: 'me' }, {}, '/h', (p) =>
      p === '/h/.ssh/id_rsa' ? key : undefined,
    );
    assert.deepEqual([o.host, o.port, o.username, o.tried], ['h', 2200, 'me', ['/h/.ssh/id_rsa']]);
  });
});
