// Kubernetes in the real extension host: Explain Exit from captured evidence (pasted text),
// and the Kubernetes Pods view and Explain Exit on a pod container against the client's real
// HTTP requests answered by a replayed API (no API server can run on these machines; the
// objects are the documented core/v1 shapes of test/fixtures/explain/kubernetes, see
// test/unit/kubernetes/replayed-api.test.ts for the HTTPS, token-file and exec-plugin cases;
// plain HTTP here needs insecure-skip-tls-verify, as the client refuses HTTP otherwise).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { extensionId } from './util';

interface ExplainResult {
  explanation: { cause: string; container: { name: string } };
  markdown: string;
  html: string;
}

const root = () => vscode.extensions.getExtension(extensionId)!.extensionPath;
const fixtureText = (name: string) =>
  readFileSync(join(root(), 'test', 'fixtures', 'explain', 'kubernetes', name), 'utf8');

describe('Kubernetes (replayed API)', function () {
  this.timeout(60_000);
  let server: Server | undefined;
  let dir = '';
  const seen: { path: string; query: string; auth: string }[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cdoc-k8s-host-'));
    const list = JSON.parse(fixtureText('liveness-probe.json')) as {
      items: Record<string, unknown>[];
    };
    const pod = list.items.find((i) => i.kind === 'Pod')!;
    const name = (pod.metadata as { name: string }).name;
    const events = list.items.filter((i) => i.kind === 'Event');
    server = createServer((req: IncomingMessage, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      seen.push({ path: url.pathname, query: url.search, auth: String(req.headers.authorization) });
      const json = (code: number, o: unknown) => {
        res.writeHead(code, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(o));
      };
      if (req.headers.authorization !== 'Bearer host-token')
        return json(401, { kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 401 });
      const base = '/api/v1/namespaces/shop/pods';
      if (url.pathname === base)
        return json(200, { kind: 'PodList', apiVersion: 'v1', metadata: {}, items: [pod] });
      if (url.pathname === `${base}/${name}`) return json(200, pod);
      if (url.pathname === '/api/v1/namespaces/shop/events')
        return json(200, { kind: 'EventList', apiVersion: 'v1', metadata: {}, items: events });
      if (url.pathname === `${base}/${name}/log`) {
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        return res.end('2026-12-01T16:19:58.120Z GET /healthz took 4012ms\n');
      }
      json(404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 404 });
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    writeFileSync(
      join(dir, 'kubeconfig'),
      `apiVersion: v1\nkind: Config\nclusters:\n- name: replayed\n  cluster:\n    server: http://127.0.0.1:${port}\n    insecure-skip-tls-verify: true\nusers:\n- name: dev\n  user:\n    token: host-token\ncontexts:\n- name: replayed\n  context:\n    cluster: replayed\n    user: dev\n    namespace: shop\ncurrent-context: replayed\n`,
    );
    const config = vscode.workspace.getConfiguration('containerDoctor');
    await config.update(
      'kubernetes.kubeconfig',
      join(dir, 'kubeconfig'),
      vscode.ConfigurationTarget.Global,
    );
    await config.update('kubernetes.namespaces', ['shop'], vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    const config = vscode.workspace.getConfiguration('containerDoctor');
    await config.update('kubernetes.kubeconfig', undefined, vscode.ConfigurationTarget.Global);
    await config.update('kubernetes.namespaces', undefined, vscode.ConfigurationTarget.Global);
    server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('Explain Exit from Captured Evidence: a pasted kubectl get pod -o yaml', async () => {
    const r = (await vscode.commands.executeCommand('containerDoctor.explainCaptured', {
      text: fixtureText('oom-crashloop.yaml'),
    })) as ExplainResult | undefined;
    assert.ok(r, 'the command returned an explanation');
    assert.equal(r.explanation.cause, 'oom-killed');
    assert.match(r.markdown, /captured evidence/);
    assert.match(r.html, /Content-Security-Policy/);
  });

  it('replayed API: the Kubernetes Pods view lists the pod with its containers and badges', async () => {
    await vscode.commands.executeCommand('containerDoctor.kubernetes.refresh');
    const s = (await vscode.commands.executeCommand('containerDoctor.kubernetes.snapshot')) as {
      kind: string;
      message?: string;
      pods: { name: string; containers: { name: string; restarts: number; badges: string[] }[] }[];
    };
    assert.equal(s.kind, 'ok', s.message);
    assert.equal(s.pods.length, 1);
    const web = s.pods[0].containers.find((c) => c.name === 'web')!;
    assert.ok(web.restarts > 0);
    assert.ok(web.badges.some((b) => /restart/.test(b)));
    assert.ok(
      seen.some((x) => x.path === '/api/v1/namespaces/shop/pods' && x.auth === 'Bearer host-token'),
    );
  });

  it('replayed API: Explain Exit on a pod container reads the events and the previous log', async () => {
    seen.length = 0;
    const list = JSON.parse(fixtureText('liveness-probe.json')) as {
      items: { kind: string; metadata: { name: string } }[];
    };
    const pod = list.items.find((i) => i.kind === 'Pod')!.metadata.name;
    const r = (await vscode.commands.executeCommand('containerDoctor.kubernetes.explainExit', {
      namespace: 'shop',
      pod,
      container: 'web',
    })) as ExplainResult | undefined;
    assert.ok(r);
    assert.equal(r.explanation.cause, 'liveness-probe');
    assert.ok(
      seen.some(
        (x) => x.path.endsWith('/events') && /fieldSelector=involvedObject.uid/.test(x.query),
      ),
    );
    assert.ok(seen.some((x) => x.path.endsWith('/log') && /previous=true/.test(x.query)));
  });
});
