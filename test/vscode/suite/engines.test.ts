// Several engines in the real extension host: with two docker contexts chosen in
// containerDoctor.engines, the Containers view has one top-level node per engine, each
// connected on its own, and a container lives under the engine it runs on. The contexts are
// written into a private DOCKER_CONFIG, as `docker context create` writes them; the host
// engine and the lab's second engine (scripts/lab-services.sh) are real.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';

const HOST = '/var/run/docker.sock';
const ENGINE2 = '/run/cd-lab/engine2.sock';
const LABEL = 'org.container-doctor.engines-test';

/** One Engine API call over a unix socket with node's http (no dockerode in the suite). */
function call(
  socketPath: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request(
      { socketPath, method, path, headers: { 'Content-Type': 'application/json' } },
      resolve,
    );
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

async function api<T>(
  socketPath: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const res = await call(socketPath, method, path, body);
  const chunks: Buffer[] = [];
  for await (const b of res) chunks.push(b as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if ((res.statusCode ?? 500) >= 400)
    throw new Error(`${method} ${path}: ${res.statusCode} ${text}`);
  return (text && /json/.test(res.headers['content-type'] ?? '') ? JSON.parse(text) : text) as T;
}

/** The lab's busybox image on engine 2, copied from the host engine if it is not there. */
async function busyboxOnEngine2(): Promise<string> {
  const tagOf = async (socket: string) =>
    (await api<{ RepoTags?: string[] }[]>(socket, 'GET', '/images/json'))
      .flatMap((i) => i.RepoTags ?? [])
      .find((t) => t.startsWith('cdoc-lab/busybox:'));
  const there = await tagOf(ENGINE2);
  if (there) return there;
  const tag = await tagOf(HOST);
  if (!tag)
    throw new Error('no cdoc-lab/busybox image on the host engine: run the docker tests first');
  const tar = await call(HOST, 'GET', `/images/get?names=${encodeURIComponent(tag)}`);
  await new Promise<void>((resolve, reject) => {
    const load = request(
      {
        socketPath: ENGINE2,
        method: 'POST',
        path: '/images/load?quiet=1',
        headers: { 'Content-Type': 'application/x-tar' },
      },
      (res) => {
        res.resume();
        res.on('end', resolve);
      },
    );
    load.on('error', reject);
    tar.pipe(load);
  });
  return tag;
}

interface Item {
  label: string;
  description?: string;
  contextValue?: string;
  children?: Item[];
}

async function snapshot(): Promise<{ items: Item[]; engines: { name: string; state: string }[] }> {
  return (await vscode.commands.executeCommand('containerDoctor.explorer.snapshot')) as {
    items: Item[];
    engines: { name: string; state: string }[];
  };
}

async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 45_000): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what} ${last ? String(last) : ''}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('several engines in the Containers view', function () {
  this.timeout(120_000);
  const config = mkdtempSync(join(tmpdir(), 'cdoc-engines-vscode-'));
  const savedConfig = process.env.DOCKER_CONFIG;
  const name = `cdoc-engines-vscode-${process.pid}`;
  let containerId: string | undefined;

  before(async () => {
    // Fails loudly without the lab's second engine: a skip would prove nothing.
    await api(ENGINE2, 'GET', '/_ping');
    const meta = join(config, 'contexts', 'meta', createHash('sha256').update('e2').digest('hex'));
    mkdirSync(meta, { recursive: true });
    writeFileSync(
      join(meta, 'meta.json'),
      JSON.stringify({
        Name: 'e2',
        Metadata: {},
        Endpoints: { docker: { Host: `unix://${ENGINE2}` } },
      }),
    );
    writeFileSync(join(config, 'config.json'), '{}');
    // The extension host is this process: the extension discovers contexts from this env.
    process.env.DOCKER_CONFIG = config;
    const image = await busyboxOnEngine2();
    const { Id } = await api<{ Id: string }>(ENGINE2, 'POST', `/containers/create?name=${name}`, {
      Image: image,
      Cmd: ['sleep', '1000'],
      Labels: { [LABEL]: '1' },
    });
    containerId = Id;
    await api(ENGINE2, 'POST', `/containers/${Id}/start`);
  });

  after(async () => {
    await vscode.workspace
      .getConfiguration('containerDoctor')
      .update('engines', undefined, vscode.ConfigurationTarget.Global);
    if (savedConfig === undefined) delete process.env.DOCKER_CONFIG;
    else process.env.DOCKER_CONFIG = savedConfig;
    if (containerId)
      await api(ENGINE2, 'DELETE', `/containers/${containerId}?force=1`).catch(() => undefined);
    rmSync(config, { recursive: true, force: true });
  });

  it('shows one top-level node per engine, each connected, the container under its own engine', async () => {
    await vscode.workspace
      .getConfiguration('containerDoctor')
      .update('engines', ['default', 'e2'], vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('containerDoctor.containers.focus');
    const s = await until('two connected engine nodes listing the container', async () => {
      const snap = await snapshot();
      const e2 = snap.items.find((i) => i.label === 'e2');
      const found = e2?.children?.some((c) => c.label === name);
      return snap.items.length === 2 && found ? snap : undefined;
    });
    assert.deepEqual(
      s.items.map((i) => [i.label, i.contextValue]),
      [
        ['default', 'engine-connected'],
        ['e2', 'engine-connected'],
      ],
    );
    assert.deepEqual(
      s.engines.map((e) => [e.name, e.state]),
      [
        ['default', 'connected'],
        ['e2', 'connected'],
      ],
    );
    assert.match(s.items[0].description ?? '', /^Docker \S+ · \d+\/\d+ running · current$/);
    const onHost = (s.items[0].children ?? []).flatMap((c) => [c, ...(c.children ?? [])]);
    assert.ok(!onHost.some((c) => c.label === name), 'not under the host engine');
  });

  it('with one engine chosen the view keeps its single-engine look (no engine level)', async () => {
    await vscode.workspace
      .getConfiguration('containerDoctor')
      .update('engines', 'current', vscode.ConfigurationTarget.Global);
    const s = await until('one engine, no engine node', async () => {
      const snap = await snapshot();
      return snap.engines.length === 1 &&
        !snap.items.some((i) => i.contextValue?.startsWith('engine-'))
        ? snap
        : undefined;
    });
    assert.equal(s.engines[0].name, 'default');
  });
});
