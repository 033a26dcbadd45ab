// `container-doctor mcp`'s server driven by the SDK's own Client over its in-memory transport:
// the tools' schemas, lint and explain-from-evidence answers (the same as the CLI's JSON),
// and bad arguments as tool errors after which the server keeps answering. The real engine
// and the stdio transport of the built CLI are tested in test/docker/diagnoses/mcp.test.ts.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { createMcpServer } from '../../../src/cli/commands/mcp';
import { main } from '../../../src/cli/main';
import { languageModelToolsContribution } from '../../../src/cli/mcp/catalog';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const captured = path.join(repoRoot, 'test', 'fixtures', 'explain', 'captured', 'stop-timeout');

type CallResult = {
  isError?: boolean;
  content: { type: string; text?: string }[];
  structuredContent?: Record<string, unknown>;
};

let client: Client;
let work: string;

before(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'cdoc-mcp-unit-'));
  // No engine may be needed by the pure tools: an engine that cannot answer proves it.
  const server = createMcpServer({
    cwd: work,
    env: { ...process.env, DOCKER_HOST: 'unix:///nonexistent/docker.sock' },
  });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  client = new Client({ name: 'test', version: '0' });
  await client.connect(clientSide);
});

after(async () => {
  await client.close();
  rmSync(work, { recursive: true, force: true });
});

const call = async (name: string, args: Record<string, unknown>) =>
  (await client.callTool({ name, arguments: args })) as CallResult;

const errorText = (r: CallResult) => {
  assert.equal(r.isError, true, JSON.stringify(r));
  return r.content.map((c) => c.text ?? '').join('\n');
};

/** `container-doctor lint --format json FILE` run in process: its one file entry. */
async function cliLintEntry(file: string): Promise<Record<string, unknown>> {
  let out = '';
  await main(['lint', '--format', 'json', '--fail-level', 'none', file], {
    stdout: (t) => (out += t),
    stderr: () => undefined,
    readStdin: async () => '',
    cwd: path.dirname(file),
    env: process.env,
  });
  return (JSON.parse(out) as { files: Record<string, unknown>[] }).files[0]!;
}

describe('container-doctor mcp (in-memory transport)', () => {
  test('four read-only tools, each with input and output schemas and a description', async () => {
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((t) => t.name).sort(), [
      'audit_host',
      'explain_exit',
      'lint_dockerfile',
      'process_tree',
    ]);
    for (const t of tools) {
      assert.equal(t.annotations?.readOnlyHint, true, t.name);
      assert.equal(t.annotations?.destructiveHint, false, t.name);
      assert.equal(t.outputSchema?.type, 'object', t.name);
      assert.ok((t.description ?? '').length > 200, t.name);
    }
    const explain = tools.find((t) => t.name === 'explain_exit')!;
    assert.ok(Object.keys(explain.outputSchema!.properties!).includes('cause'));
  });

  test('lint_dockerfile { path }: the same runtime and findings as lint --format json', async () => {
    const file = path.join(work, 'Dockerfile');
    writeFileSync(file, 'FROM node:20\nCOPY . /app\nCMD npm start\n');
    const r = await call('lint_dockerfile', { path: file });
    assert.equal(r.isError, undefined, JSON.stringify(r));
    const s = r.structuredContent!;
    assert.deepEqual(Object.keys(s), ['path', 'runtime', 'findings']);
    const cli = await cliLintEntry(file);
    assert.deepEqual(s.runtime, cli.runtime);
    // The CLI shows paths relative to its working directory; the tool shows them absolute.
    const absolute = (findings: unknown) =>
      JSON.parse(JSON.stringify(findings), (key, value: unknown) =>
        key === 'path' && typeof value === 'string' ? path.resolve(work, value) : value,
      ) as unknown;
    assert.deepEqual(s.findings, absolute(cli.findings));
    const runtime = s.runtime as { viaShell: boolean; gracefulStop: boolean | null };
    assert.equal(runtime.viaShell, true);
    assert.equal(runtime.gracefulStop, false);
    const rules = (s.findings as { rule: string }[]).map((f) => f.rule);
    assert.ok(rules.includes('shell-pid1'), rules.join(', '));
    // The text block is the structured content's JSON, for clients that read only text.
    assert.deepEqual(JSON.parse(r.content[0]!.text!), s);
  });

  test('lint_dockerfile { text, filename }: fixes come back as edits, nothing is written', async () => {
    const text = 'FROM node:20\nCMD node server.js\n';
    const r = await call('lint_dockerfile', { text, filename: 'Dockerfile' });
    assert.equal(r.isError, undefined, JSON.stringify(r));
    const findings = r.structuredContent!.findings as {
      rule: string;
      fixes: { edits: { path: string; newText: string; range: unknown }[] }[];
    }[];
    const edits = findings.flatMap((f) => f.fixes.flatMap((x) => x.edits));
    assert.ok(edits.length > 0, 'a fix with edits');
    assert.ok(edits.every((e) => typeof e.newText === 'string' && e.range));
    assert.throws(() => readFileSync(path.join(work, 'Dockerfile.never')), /ENOENT/);
  });

  test('explain_exit { evidence }: cause first, as explain --from says', async () => {
    const r = await call('explain_exit', {
      evidence: JSON.parse(readFileSync(path.join(captured, 'inspect.json'), 'utf8')),
      events: readFileSync(path.join(captured, 'events.jsonl'), 'utf8'),
      logs: readFileSync(path.join(captured, 'logs.txt'), 'utf8'),
    });
    assert.equal(r.isError, undefined, JSON.stringify(r));
    assert.equal(Object.keys(r.structuredContent!)[0], 'cause');
    assert.equal(r.structuredContent!.cause, 'stop-timeout');
    assert.equal(r.structuredContent!.exitCode, 137);
  });

  test('bad arguments are tool errors, and the server keeps answering', async () => {
    assert.match(
      errorText(await call('lint_dockerfile', { path: 'Dockerfile', text: 'FROM x' })),
      /not both/,
    );
    assert.match(errorText(await call('lint_dockerfile', {})), /path|text/);
    assert.match(
      errorText(await call('lint_dockerfile', { path: path.join(work, 'missing') })),
      /Cannot read .*no such file/,
    );
    assert.match(errorText(await call('explain_exit', {})), /container|evidence/);
    assert.match(errorText(await call('explain_exit', { evidence: 'not json' })), /not JSON/);
    assert.match(errorText(await call('process_tree', {})), /container/);
    assert.match(
      errorText(await call('process_tree', { container: 'bad name!' })),
      /invalid|name/i,
    );
    assert.match(errorText(await call('explain_exit', { container: 42 })), /string/i);
    // The engine cannot be reached here: said as a tool error too.
    errorText(await call('audit_host', {}));
    const again = await call('lint_dockerfile', { text: 'FROM scratch\nCMD ["/app"]\n' });
    assert.equal(again.isError, undefined, JSON.stringify(again));
  });
});

describe('VS Code language model tools (package.json)', () => {
  test('the same tools, descriptions and input schemas as the MCP server (npm run tools:sync)', async () => {
    const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
      contributes: { languageModelTools: object };
    };
    assert.deepEqual(manifest.contributes.languageModelTools, languageModelToolsContribution());
    const { tools } = await client.listTools();
    const contributed = manifest.contributes.languageModelTools as unknown as {
      name: string;
      modelDescription: string;
      inputSchema: { properties: Record<string, unknown> };
    }[];
    for (const t of tools) {
      const mine = contributed.find((c) => c.name === `containerDoctor_${t.name}`);
      assert.ok(mine, t.name);
      assert.equal(mine.modelDescription, t.description);
      assert.deepEqual(
        Object.keys(mine.inputSchema.properties ?? {}),
        Object.keys(t.inputSchema.properties ?? {}),
      );
    }
  });
});
