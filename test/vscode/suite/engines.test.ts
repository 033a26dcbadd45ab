// Several engines in the real extension host: with two docker contexts chosen in
// containerDoctor.engines, the Containers view has one top-level node per engine, each
// connected on its own, and a container lives under the engine it runs on. The contexts are
// written into a private DOCKER_CONFIG, as `docker context create` writes them; the host
// engine and the lab's second engine (scripts/lab-services.sh) are real.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { api, busyboxOnEngine2, ENGINE2_SOCKET } from './engine-api';

const LABEL = 'org.container-doctor.engines-test';

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
    await api(ENGINE2_SOCKET, 'GET', '/_ping');
    const meta = join(config, 'contexts', 'meta', createHash('sha256').update('e2').digest('hex'));
    mkdirSync(meta, { recursive: true });
    writeFileSync(
      join(meta, 'meta.json'),
      JSON.stringify({
        Name: 'e2',
        Metadata: {},
        Endpoints: { docker: { Host: `unix://${ENGINE2_SOCKET}` } },
      }),
    );
    writeFileSync(join(config, 'config.json'), '{}');
    // The extension host is this process: the extension discovers contexts from this env.
    process.env.DOCKER_CONFIG = config;
    const image = await busyboxOnEngine2();
    const { Id } = await api<{ Id: string }>(
      ENGINE2_SOCKET,
      'POST',
      `/containers/create?name=${name}`,
      {
        Image: image,
        Cmd: ['sleep', '1000'],
        Labels: { [LABEL]: '1' },
      },
    );
    containerId = Id;
    await api(ENGINE2_SOCKET, 'POST', `/containers/${Id}/start`);
  });

  after(async () => {
    await vscode.workspace
      .getConfiguration('containerDoctor')
      .update('engines', undefined, vscode.ConfigurationTarget.Global);
    if (savedConfig === undefined) delete process.env.DOCKER_CONFIG;
    else process.env.DOCKER_CONFIG = savedConfig;
    if (containerId)
      await api(ENGINE2_SOCKET, 'DELETE', `/containers/${containerId}?force=1`).catch(
        () => undefined,
      );
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
