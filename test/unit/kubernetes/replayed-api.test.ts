// Live pods against the REAL HTTP requests of @kubernetes/client-node, answered by a local
// HTTPS server that replays Kubernetes API responses (no API server can run on these
// machines). Every object below is written in the shape the Kubernetes API reference
// documents; each is cited where it is built. The requests the client made (method, path,
// query, headers) are asserted too. Auth: a bearer token from a token file (kubectl's
// `tokenFile`) and an exec plugin (a node script printing an ExecCredential).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  explainPod,
  listPods,
  openKubernetes,
  podProcessTree,
} from '../../../src/runtime/kubernetes';
import { EXEC_SCRIPT } from '../../../src/runtime/processes/sources';
import { explainMain } from '../../../src/cli/commands/explain';
import type { CliIo } from '../../../src/cli/io';
import * as esbuild from 'esbuild';
import { bundleOptions } from '../../../scripts/bundles.mjs';

const fixtures = join(__dirname, '..', '..', 'fixtures');
const TOKEN = 'replayed-token-file-0123';
const EXEC_TOKEN = 'replayed-exec-plugin-4567';

interface Seen {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

let dir = '';
let server: Server | undefined;
let port = 0;
const seen: Seen[] = [];

// The Pod and its Events of test/fixtures/explain/kubernetes/liveness-probe.json: a List in
// the core/v1 shapes (Pod: https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/,
// Event: https://kubernetes.io/docs/reference/kubernetes-api/cluster-resources/event-v1/).
const list = JSON.parse(
  readFileSync(join(fixtures, 'explain', 'kubernetes', 'liveness-probe.json'), 'utf8'),
) as { items: Record<string, unknown>[] };
const pod = list.items.find((i) => i.kind === 'Pod')!;
const podName = (pod.metadata as { name: string }).name;
const podUid = (pod.metadata as { uid: string }).uid;
// Items of a list response carry no kind/apiVersion: the list's own kind says what they are
// (PodList, EventList: "items" of the list types in the same reference pages).
const bare = (o: Record<string, unknown>) => {
  const { kind: _k, apiVersion: _a, ...rest } = o;
  return rest;
};
const events = list.items.filter((i) => i.kind === 'Event').map(bare);

// The /proc reader's output captured from a real BusyBox container (sleep as PID 1 with five
// orphaned zombies), see src/runtime/processes/fixtures.
const readerOutput = (
  JSON.parse(
    readFileSync(
      join(
        __dirname,
        '..',
        '..',
        '..',
        'src',
        'runtime',
        'processes',
        'fixtures',
        'busybox-5-orphan-zombies.json',
      ),
      'utf8',
    ),
  ) as { execOutput: string }
).execOutput;

/** Status, the API's error body (https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/status/). */
function status(code: number, reason: string, message: string): string {
  return JSON.stringify({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    code,
  });
}

/** Ephemeral containers added by PATCH, answered in later reads of the pod. */
const ephemeral = new Map<string, Record<string, unknown>>();

function podNow(): Record<string, unknown> {
  if (!ephemeral.size) return pod;
  const spec = { ...(pod.spec as object), ephemeralContainers: [...ephemeral.values()] };
  // status.ephemeralContainerStatuses: ContainerStatus objects (pod-v1 reference, PodStatus).
  const ephemeralContainerStatuses = [...ephemeral.values()].map((c) => ({
    name: c.name,
    image: c.image,
    imageID:
      'docker.io/library/busybox@sha256:7b3ccabffc97de872a30dfd234fd972a66d247c8cfc69b0550f276481852627c',
    containerID: 'containerd://9a1b2c3d4e5f',
    ready: false,
    restartCount: 0,
    state: {
      terminated: {
        exitCode: 0,
        reason: 'Completed',
        startedAt: '2026-12-01T16:30:01Z',
        finishedAt: '2026-12-01T16:30:01Z',
        containerID: 'containerd://9a1b2c3d4e5f',
      },
    },
  }));
  return { ...pod, spec, status: { ...(pod.status as object), ephemeralContainerStatuses } };
}

function answer(req: Seen): { code: number; type: string; body: string } {
  const auth = String(req.headers.authorization ?? '');
  if (auth !== `Bearer ${TOKEN}` && auth !== `Bearer ${EXEC_TOKEN}`)
    return {
      code: 401,
      type: 'application/json',
      body: status(401, 'Unauthorized', 'Unauthorized'),
    };
  const json = (o: unknown) => ({ code: 200, type: 'application/json', body: JSON.stringify(o) });
  const base = '/api/v1/namespaces/shop/pods';
  if (req.method === 'GET' && req.path === base)
    // PodList (pod-v1 reference, "list or watch objects of kind Pod").
    return json({
      kind: 'PodList',
      apiVersion: 'v1',
      metadata: { resourceVersion: '812800' },
      items: [bare(pod)],
    });
  if (req.method === 'GET' && req.path === '/api/v1/namespaces/locked/pods')
    return {
      code: 403,
      type: 'application/json',
      body: status(
        403,
        'Forbidden',
        'pods is forbidden: User "dev" cannot list resource "pods" in API group "" in the namespace "locked"',
      ),
    };
  if (req.method === 'GET' && req.path === `${base}/${podName}`) return json(podNow());
  if (req.method === 'GET' && req.path === `${base}/nope`)
    return {
      code: 404,
      type: 'application/json',
      body: status(404, 'NotFound', 'pods "nope" not found'),
    };
  if (req.method === 'GET' && req.path === '/api/v1/namespaces/shop/events')
    // EventList (event-v1 reference, "list or watch objects of kind Event").
    return json({
      kind: 'EventList',
      apiVersion: 'v1',
      metadata: { resourceVersion: '812801' },
      items: req.query.get('fieldSelector') === `involvedObject.uid=${podUid}` ? events : [],
    });
  if (req.method === 'GET' && req.path === `${base}/${podName}/log`) {
    // read log of the specified Pod: the body is the log text (pod-v1 reference, "read log").
    const c = req.query.get('container') ?? '';
    if (ephemeral.has(c)) return { code: 200, type: 'text/plain', body: readerOutput };
    return {
      code: 200,
      type: 'text/plain',
      body: '2026-12-01T16:19:58.120Z GET /healthz took 4012ms\n2026-12-01T16:20:01.003Z shutting down on SIGTERM\n',
    };
  }
  if (req.method === 'PATCH' && req.path === `${base}/${podName}/ephemeralcontainers`) {
    // update ephemeralcontainers of the specified Pod; answers the Pod (pod-v1 reference).
    const patch = JSON.parse(req.body) as {
      spec: { ephemeralContainers: Record<string, unknown>[] };
    };
    for (const c of patch.spec.ephemeralContainers) ephemeral.set(String(c.name), c);
    return json(podNow());
  }
  return {
    code: 404,
    type: 'application/json',
    body: status(404, 'NotFound', 'the server could not find the requested resource'),
  };
}

function openssl(args: string[]): void {
  try {
    execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT')
      throw new Error('openssl is needed to make the test certificates (apt-get install openssl)');
    throw err;
  }
}

/** A kubeconfig (https://kubernetes.io/docs/concepts/configuration/organize-cluster-access-kubeconfig/). */
function kubeconfig(name: string, user: Record<string, unknown>, namespace = 'shop'): string {
  const file = join(dir, name);
  const ca = readFileSync(join(dir, 'ca.pem')).toString('base64');
  writeFileSync(
    file,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '- name: replayed',
      '  cluster:',
      `    server: https://127.0.0.1:${port}`,
      `    certificate-authority-data: ${ca}`,
      'users:',
      '- name: dev',
      `  user: ${JSON.stringify(user)}`,
      'contexts:',
      '- name: replayed',
      '  context:',
      '    cluster: replayed',
      '    user: dev',
      `    namespace: ${namespace}`,
      'current-context: replayed',
      '',
    ].join('\n'),
  );
  return file;
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cdoc-k8s-'));
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
    '/CN=replayed-ca',
  ]);
  openssl([
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'server-key.pem',
    '-subj',
    '/CN=kube-apiserver',
    '-out',
    'server.csr',
  ]);
  writeFileSync(join(dir, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1\n');
  openssl([
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca-key.pem',
    '-CAcreateserial',
    '-days',
    '1',
    '-out',
    'server.pem',
    '-extfile',
    'ext.cnf',
  ]);
  writeFileSync(join(dir, 'token'), `${TOKEN}\n`);
  // An exec credential plugin: prints an ExecCredential
  // (https://kubernetes.io/docs/reference/config-api/client-authentication.v1/).
  writeFileSync(
    join(dir, 'plugin.js'),
    `process.stdout.write(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token: '${EXEC_TOKEN}', expirationTimestamp: new Date(Date.now() + 3600e3).toISOString() } }));\n`,
  );
  server = createServer(
    { key: readFileSync(join(dir, 'server-key.pem')), cert: readFileSync(join(dir, 'server.pem')) },
    (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'https://127.0.0.1');
        const s: Seen = {
          method: req.method ?? '',
          path: url.pathname,
          query: url.searchParams,
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        };
        seen.push(s);
        const a = answer(s);
        res.writeHead(a.code, { 'Content-Type': a.type });
        res.end(a.body);
      });
    },
  );
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
after(() => {
  server?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function session(file: string) {
  const s = await openKubernetes({ kubeconfig: file });
  assert.equal(s.kind, 'ok', s.kind === 'ok' ? '' : s.message);
  return s.kind === 'ok' ? s.session : assert.fail();
}

describe('Kubernetes live pods: replayed API over HTTPS', () => {
  test('replayed API: tokenFile auth, pods of two namespaces with badges, a forbidden namespace', async () => {
    const s = await session(kubeconfig('token.yaml', { tokenFile: join(dir, 'token') }));
    assert.equal(s.namespace, 'shop');
    seen.length = 0;
    const r = await listPods(s, ['shop', 'locked']);
    assert.equal(r.kind, 'ok');
    if (r.kind !== 'ok') return;
    assert.deepEqual(seen.map((x) => `${x.method} ${x.path}`).sort(), [
      'GET /api/v1/namespaces/locked/pods',
      'GET /api/v1/namespaces/shop/pods',
    ]);
    for (const x of seen) {
      assert.equal(x.headers.authorization, `Bearer ${TOKEN}`);
      assert.match(String(x.headers.accept), /application\/json/);
    }
    assert.equal(r.pods.length, 1);
    const web = r.pods[0].containers.find((c) => c.name === 'web')!;
    assert.equal(r.pods[0].name, podName);
    assert.equal(web.restarts > 0, true);
    assert.equal(web.lastTermination?.exitCode, 137);
    assert.ok(web.badges.some((b) => /restart/.test(b)));
    assert.deepEqual(
      r.failures.map((f) => f.namespace),
      ['locked'],
    );
    assert.match(r.failures[0].message, /403 \(pods is forbidden/);
  });

  test('replayed API: explain a pod container: Pod, Events by involvedObject.uid, previous logs → liveness-probe', async () => {
    const s = await session(kubeconfig('token2.yaml', { tokenFile: join(dir, 'token') }));
    seen.length = 0;
    const r = await explainPod(s, { namespace: 'shop', pod: podName, container: 'web' });
    assert.equal(r.kind, 'ok', r.kind === 'ok' ? '' : r.message);
    if (r.kind !== 'ok') return;
    assert.equal(r.explanation.cause, 'liveness-probe');
    assert.ok(r.evidence.logs.lines.some((l) => /took 4012ms/.test(l.text)));
    assert.ok(!r.evidence.gaps.some((g) => /events: not given/.test(g)));
    assert.deepEqual(
      seen.map((x) => `${x.method} ${x.path}`),
      [
        `GET /api/v1/namespaces/shop/pods/${podName}`,
        'GET /api/v1/namespaces/shop/events',
        `GET /api/v1/namespaces/shop/pods/${podName}/log`,
      ],
    );
    assert.equal(seen[1].query.get('fieldSelector'), `involvedObject.uid=${podUid}`);
    const log = seen[2].query;
    assert.deepEqual(
      {
        container: log.get('container'),
        previous: log.get('previous'),
        tailLines: log.get('tailLines'),
        timestamps: log.get('timestamps'),
      },
      { container: 'web', previous: 'true', tailLines: '50', timestamps: 'true' },
    );
    assert.ok(
      seen.every((x) => x.method === 'GET'),
      'explain is read-only',
    );
  });

  test('replayed API: an exec plugin credential is sent as the bearer token', async () => {
    const s = await session(
      kubeconfig('exec.yaml', {
        exec: {
          apiVersion: 'client.authentication.k8s.io/v1',
          command: process.execPath,
          args: [join(dir, 'plugin.js')],
          interactiveMode: 'Never',
        },
      }),
    );
    seen.length = 0;
    const r = await listPods(s, ['shop']);
    assert.equal(r.kind, 'ok');
    assert.equal(seen[0].headers.authorization, `Bearer ${EXEC_TOKEN}`);
  });

  test("replayed API: a wrong token is the server's 401, a missing pod a not-found", async () => {
    const s = await session(kubeconfig('bad.yaml', { token: 'wrong' }));
    const r = await listPods(s, ['shop']);
    assert.equal(r.kind, 'ok');
    if (r.kind === 'ok') assert.match(r.failures[0].message, /401 Unauthorized: the kubeconfig/);
    const good = await session(kubeconfig('token3.yaml', { tokenFile: join(dir, 'token') }));
    const missing = await explainPod(good, { namespace: 'shop', pod: 'nope' });
    assert.equal(missing.kind, 'not-found');
  });

  test('replayed API: the process tree through an ephemeral container (kubectl debug --target), with the warning', async () => {
    const s = await session(kubeconfig('token4.yaml', { tokenFile: join(dir, 'token') }));
    seen.length = 0;
    const r = await podProcessTree(s, {
      namespace: 'shop',
      pod: podName,
      container: 'log-shipper',
      pollMs: 10,
    });
    assert.equal(r.kind, 'ok', r.kind === 'ok' ? '' : r.message);
    if (r.kind !== 'ok') return;
    const patch = seen.find((x) => x.method === 'PATCH')!;
    assert.equal(patch.path, `/api/v1/namespaces/shop/pods/${podName}/ephemeralcontainers`);
    assert.equal(patch.headers['content-type'], 'application/strategic-merge-patch+json');
    const added = (
      JSON.parse(patch.body) as { spec: { ephemeralContainers: Record<string, unknown>[] } }
    ).spec.ephemeralContainers;
    assert.equal(added.length, 1);
    assert.equal(added[0].targetContainerName, 'log-shipper');
    assert.deepEqual(added[0].command, ['sh', '-c', EXEC_SCRIPT]);
    const logRead = seen.find((x) => x.path.endsWith('/log'))!;
    assert.equal(logRead.query.get('container'), r.value.debugContainer);
    assert.equal(r.value.pid1?.command, 'sleep 1000');
    assert.equal(r.value.zombies.count, 5);
    assert.match(r.value.warning, /cannot be removed from a pod/);
  });

  test('replayed API: a pod container that is not running gets no ephemeral container', async () => {
    const s = await session(kubeconfig('token5.yaml', { tokenFile: join(dir, 'token') }));
    seen.length = 0;
    const before = ephemeral.size;
    const podStatus = pod.status as { containerStatuses: { name: string; state: object }[] };
    const web = podStatus.containerStatuses.find((c) => c.name === 'web')!;
    const saved = web.state;
    web.state = {
      waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s restarting failed container' },
    };
    try {
      const r = await podProcessTree(s, { namespace: 'shop', pod: podName, container: 'web' });
      assert.equal(r.kind, 'not-running');
      assert.equal(ephemeral.size, before);
      assert.ok(seen.every((x) => x.method === 'GET'));
    } finally {
      web.state = saved;
    }
  });

  test('replayed API: container-doctor explain pod/NAME -n -c --kubeconfig', async () => {
    const file = kubeconfig('cli.yaml', { tokenFile: join(dir, 'token') }, 'default');
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = {
      stdout: (t) => out.push(t),
      stderr: (t) => err.push(t),
      readStdin: async () => '',
      cwd: dir,
      env: {},
    };
    const code = await explainMain(
      [`pod/${podName}`, '-n', 'shop', '-c', 'web', '--kubeconfig', 'cli.yaml', '--format', 'json'],
      io,
    );
    assert.equal(code, 0, err.join(''));
    assert.equal((JSON.parse(out.join('')) as { cause: string }).cause, 'liveness-probe');
    void file;
    const several = await explainMain(
      [`pod/${podName}`, '-n', 'shop', '--kubeconfig', 'cli.yaml'],
      io,
    );
    assert.equal(several, 2);
    assert.match(err.join(''), /choose one with --container NAME/);
  });

  test('replayed API through the shipped bundles: dist/cli.js explain pod/NAME reaches the server through dist/kubernetes-client.js', async () => {
    // The bundle swaps whatwg-url for Node's URL (scripts/bundles.mjs): the client's HTTP in
    // the built file must still make the same requests and read the answers.
    const out = mkdtempSync(join(tmpdir(), 'cdoc-k8s-bundle-'));
    try {
      for (const b of bundleOptions({ outdir: out }))
        if (
          b.name.startsWith('cli') ||
          ['kubernetes-client', 'shell-parser', 'yaml'].includes(b.name)
        )
          await esbuild.build({ ...b.options, sourcemap: false, logLevel: 'error' });
      kubeconfig('bundle.yaml', { tokenFile: join(dir, 'token') }, 'default');
      const before = seen.length;
      // Asynchronously: the replaying server runs in this process.
      const run = await promisify(execFile)(
        process.execPath,
        [
          join(out, 'cli.js'),
          'explain',
          `pod/${podName}`,
          '-n',
          'shop',
          '-c',
          'web',
          '--kubeconfig',
          join(dir, 'bundle.yaml'),
          '--format',
          'json',
        ],
        { encoding: 'utf8', env: { ...process.env, CONTAINER_DOCTOR_CODE_CACHE: 'off' } },
      );
      assert.equal((JSON.parse(run.stdout) as { cause: string }).cause, 'liveness-probe');
      const paths = seen.slice(before).map((r) => `${r.method} ${r.path}`);
      assert.ok(paths.includes(`GET /api/v1/namespaces/shop/pods/${podName}`), paths.join(', '));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
