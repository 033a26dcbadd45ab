// `container-doctor mcp` as an assistant's client sees it: the SDK's own Client and
// StdioClientTransport spawn the CLI bundle (built here with scripts/bundles.mjs' options,
// so it is what ships) and call its tools against the real engine: lint a Dockerfile,
// explain real dead containers (exit 3, a cgroup OOM kill), a process tree with real zombies,
// the host audit; bad arguments come back as tool errors and the server keeps answering.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import * as esbuild from 'esbuild';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { bundleOptions } from '../../../scripts/bundles.mjs';
import {
  busyboxImage,
  labDocker,
  registerLabCleanup,
  removeContainers,
  requireDocker,
  runContainer,
  waitFor,
} from '../lab';

registerLabCleanup();

const work = mkdtempSync(path.join(tmpdir(), 'cdoc-mcp-'));
const created: string[] = [];
let client: Client | undefined;
let stderr = '';

type CallResult = {
  isError?: boolean;
  content: { type: string; text?: string }[];
  structuredContent?: Record<string, unknown>;
};

const tag = `mcp-${process.pid}`;

before(async () => {
  const outdir = path.join(work, 'dist');
  await Promise.all(
    bundleOptions({ outdir })
      .filter(
        (b) => b.name.startsWith('cli') || ['shell-parser', 'kubernetes-client'].includes(b.name),
      )
      .map((b) => esbuild.build({ ...b.options, sourcemap: false })),
  );
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [path.join(outdir, 'cli.js'), 'mcp'],
    cwd: work,
    // The engine as the user's shell has it (DOCKER_HOST when set), as an MCP client passes it.
    env: { ...process.env } as Record<string, string>,
    stderr: 'pipe',
  });
  transport.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  client = new Client({ name: 'container-doctor-test', version: '0' });
  await client.connect(transport);
});

after(async () => {
  await client?.close();
  await removeContainers(created);
  rmSync(work, { recursive: true, force: true });
});

async function call(name: string, args: Record<string, unknown>): Promise<CallResult> {
  return (await client!.callTool({ name, arguments: args })) as CallResult;
}

function ok(r: CallResult): Record<string, unknown> {
  assert.notEqual(r.isError, true, `${r.content.map((c) => c.text).join('\n')}\n${stderr}`);
  assert.ok(r.structuredContent, 'structured content');
  return r.structuredContent;
}

function errorText(r: CallResult): string {
  assert.equal(r.isError, true, JSON.stringify(r.structuredContent ?? r.content));
  return r.content.map((c) => c.text ?? '').join('\n');
}

/** The lab's containers need no network (and do not depend on the engine's bridge). */
const noNetwork = { NetworkMode: 'none' };

async function exited(name: string, create: Parameters<typeof runContainer>[0]) {
  const c = await runContainer({
    ...create,
    name: `${tag}-${name}`,
    HostConfig: { ...noNetwork, ...create.HostConfig },
  });
  created.push(c.id);
  await waitFor(async () => !(await c.inspect()).State.Running, { timeoutMs: 30_000 });
  return c;
}

describe('container-doctor mcp over stdio, against the real engine', () => {
  test('lint_dockerfile: the runtime verdict and a finding id', async (t) => {
    if (!(await requireDocker(t))) return;
    const file = path.join(work, 'Dockerfile');
    writeFileSync(file, 'FROM node:20\nWORKDIR /app\nCOPY . .\nCMD ["npm", "start"]\n');
    const s = ok(await call('lint_dockerfile', { path: file }));
    const runtime = s.runtime as { pid1: { program: string }; reapsZombies: boolean | null };
    assert.equal(runtime.pid1.program, 'npm');
    assert.equal(runtime.reapsZombies, false);
    const rules = (s.findings as { rule: string }[]).map((f) => f.rule);
    assert.ok(rules.includes('pid1-no-reaper'), rules.join(', '));
  });

  test('explain_exit: a real container that exited 3 is an app error', async (t) => {
    if (!(await requireDocker(t))) return;
    await exited('exit3', {
      Image: await busyboxImage(),
      Cmd: ['sh', '-c', 'echo "config missing" >&2; exit 3'],
    });
    const s = ok(await call('explain_exit', { container: `${tag}-exit3` }));
    assert.equal(Object.keys(s)[0], 'cause');
    assert.equal(s.cause, 'app-error');
    assert.equal(s.exitCode, 3);
    assert.equal((s.container as { name: string }).name, `${tag}-exit3`);
  });

  test('explain_exit: a real cgroup OOM kill', async (t) => {
    if (!(await requireDocker(t))) return;
    const c = await exited('oom', {
      Image: await busyboxImage(),
      Cmd: ['sh', '-c', 'x=a; while :; do x=$x$x; done'],
      HostConfig: { Memory: 16 * 1024 * 1024, MemorySwap: 16 * 1024 * 1024 },
    });
    const s = ok(await call('explain_exit', { container: c.id }));
    assert.equal(s.cause, 'oom-killed');
    assert.equal(s.exitCode, 137);
    assert.equal(s.confidence, 'high');
  });

  test('process_tree: real zombies and the parent that leaves them', async (t) => {
    if (!(await requireDocker(t))) return;
    // Each (sleep 0.2 &) subshell exits at once, orphaning its sleep to PID 1, which then
    // becomes `sleep 1000` and never calls wait(): 5 zombies, children of PID 1.
    const c = await runContainer({
      Image: await busyboxImage(),
      name: `${tag}-zombies`,
      HostConfig: noNetwork,
      Cmd: ['sh', '-c', 'for i in $(seq 5); do (sleep 0.2 &); done; exec sleep 1000'],
    });
    created.push(c.id);
    const s = await waitFor(
      async () => {
        const r = ok(await call('process_tree', { container: `${tag}-zombies` }));
        return (r.zombies as { count: number }).count === 5 ? r : undefined;
      },
      { timeoutMs: 15_000 },
    );
    assert.equal(s.source, 'host-proc');
    assert.deepEqual((s.zombies as { parents: unknown }).parents, [
      { pid: 1, command: 'sleep 1000', count: 5 },
    ]);
    const pid1 = s.pid1 as { pid: number; verdict: { reapsZombies: boolean | null } };
    assert.equal(pid1.pid, 1);
    assert.equal(pid1.verdict.reapsZombies, false);
    const processes = s.processes as { state: string; ppid: number }[];
    assert.equal(processes.filter((p) => p.state === 'Z' && p.ppid === 1).length, 5);

    // audit_host sees the same container and its zombies.
    const audit = ok(await call('audit_host', {}));
    const mine = (audit.containers as { id: string; findings: { id: string }[] }[]).find(
      (x) => x.id === c.id,
    );
    assert.ok(mine, 'the zombie container is audited');
    assert.ok(
      mine.findings.some((f) => f.id === 'zombies'),
      JSON.stringify(mine.findings),
    );
    assert.equal(typeof (audit.host as { memTotal: number }).memTotal, 'number');
  });

  test('bad arguments are tool errors, never a crash, and the server keeps answering', async (t) => {
    const docker = await requireDocker(t);
    if (!docker) return;
    assert.match(errorText(await call('process_tree', {})), /container/);
    assert.match(
      errorText(await call('process_tree', { container: `${tag}-no-such-container` })),
      /No container named or with id/,
    );
    assert.match(
      errorText(await call('explain_exit', { container: `${tag}-no-such-container` })),
      /No container named or with id/,
    );
    assert.match(
      errorText(await call('lint_dockerfile', { path: 'Dockerfile', text: 'FROM scratch' })),
      /not both/,
    );
    assert.match(
      errorText(await call('explain_exit', { container: 'x', evidence: '{}' })),
      /not both/,
    );
    // A container that is not running has no process tree: said, not thrown.
    const c = await exited('stopped', { Image: await busyboxImage(), Cmd: ['true'] });
    assert.match(errorText(await call('process_tree', { container: c.id })), /not running/);
    const { tools } = await client!.listTools();
    assert.equal(tools.length, 4);
    // Nothing the tools did changed a container: the stopped one is still there, exited.
    assert.equal((await labDocker().getContainer(c.id).inspect()).State.Status, 'exited');
  });
});
