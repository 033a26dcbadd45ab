// The assistant tools as VS Code Language Model Tools, called the way agent mode calls them
// (vscode.lm.invokeTool) in the real extension host: lint through the language server, an
// exit explained from captured evidence and from a real dead container, a process tree with
// real zombies, the host audit. The engine tools ask first (prepareInvocation's confirmation;
// while extension tests run VS Code answers its own dialogs, so the messages are checked
// through the extension's API).
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { hostApi as api, hostBusyboxOrSkip } from './engine-api';
import { extensionId, fixture } from './util';

const LABEL = 'org.container-doctor.diagnoses-test';

async function invoke(name: string, input: object): Promise<Record<string, unknown>> {
  const result = await vscode.lm.invokeTool(`containerDoctor_${name}`, {
    input,
    toolInvocationToken: undefined,
  });
  const text = result.content
    .filter((p): p is vscode.LanguageModelTextPart => p instanceof vscode.LanguageModelTextPart)
    .map((p) => p.value)
    .join('');
  return JSON.parse(text) as Record<string, unknown>;
}

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('the tool call did not fail');
}

describe('language model tools', function () {
  this.timeout(90_000);
  const created: string[] = [];
  let image: string | undefined;

  before(async () => {
    await vscode.extensions.getExtension(extensionId)!.activate();
  });

  after(async () => {
    for (const id of created)
      await api('DELETE', `/containers/${id}?force=1`).catch(() => undefined);
  });

  it('contributes and registers the four tools, each with its description and schema', () => {
    const names = vscode.lm.tools
      .map((t) => t.name)
      .filter((n) => n.startsWith('containerDoctor_'));
    assert.deepEqual(names.sort(), [
      'containerDoctor_audit_host',
      'containerDoctor_explain_exit',
      'containerDoctor_lint_dockerfile',
      'containerDoctor_process_tree',
    ]);
    const lint = vscode.lm.tools.find((t) => t.name === 'containerDoctor_lint_dockerfile')!;
    assert.match(lint.description, /gracefulStop/);
    assert.ok(lint.inputSchema && 'properties' in lint.inputSchema);
  });

  it('lint_dockerfile { path } and { text, filename }: the verdict and findings, through the language server', async () => {
    const dir = fixture('lm-tools').fsPath;
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'Dockerfile');
    writeFileSync(file, 'FROM node:20\nWORKDIR /app\nCOPY . .\nCMD npm start\n');
    const s = await invoke('lint_dockerfile', { path: file });
    assert.deepEqual(Object.keys(s), ['path', 'runtime', 'findings']);
    const runtime = s.runtime as { viaShell: boolean; gracefulStop: boolean | null };
    assert.equal(runtime.viaShell, true);
    assert.equal(runtime.gracefulStop, false);
    const findings = s.findings as { rule: string; fixes: { edits: unknown[] }[] }[];
    assert.ok(
      findings.some((f) => f.rule === 'shell-pid1'),
      JSON.stringify(findings),
    );
    assert.ok(findings.some((f) => f.fixes.some((x) => x.edits.length > 0)));
    const fromText = await invoke('lint_dockerfile', {
      text: 'FROM node:20\nCMD ["node", "server.js"]\n',
      filename: 'Dockerfile',
    });
    assert.equal((fromText.runtime as { pid1: { program: string } }).pid1.program, 'node');
    const both = await rejection(invoke('lint_dockerfile', { path: file, text: 'FROM x' }));
    assert.match(both.message, /not both/);
  });

  it('explain_exit { evidence }: no engine, no confirmation, cause first', async () => {
    // The docker CLI's own capture of a real OOM kill (test/fixtures/explain/captured).
    const root = vscode.extensions.getExtension(extensionId)!.extensionPath;
    const captured = path.join(root, 'test', 'fixtures', 'explain', 'captured', 'oom-killed');
    const inspect = JSON.parse(
      readFileSync(path.join(captured, 'inspect.json'), 'utf8'),
    ) as unknown;
    const s = await invoke('explain_exit', { evidence: inspect });
    assert.equal(Object.keys(s)[0], 'cause');
    assert.equal(s.cause, 'oom-killed');
  });

  it('the tools that read the engine ask first; lint and captured evidence do not', async () => {
    const api = vscode.extensions.getExtension<{
      languageModelTools: Record<string, vscode.LanguageModelTool<Record<string, unknown>>>;
    }>(extensionId)!.exports;
    const prepare = async (name: string, input: Record<string, unknown>) =>
      api.languageModelTools[`containerDoctor_${name}`]!.prepareInvocation!(
        { input },
        new vscode.CancellationTokenSource().token,
      );
    for (const [name, input, what] of [
      ['process_tree', { container: 'web-1' }, /process tree of container web-1/],
      ['explain_exit', { container: 'web-1' }, /exit of container web-1/],
      ['audit_host', {}, /Audit every container/],
    ] as const) {
      const prepared = await prepare(name, input);
      assert.match(prepared?.confirmationMessages?.title ?? '', what, name);
      const message = prepared?.confirmationMessages?.message;
      assert.match(typeof message === 'string' ? message : (message?.value ?? ''), /Read-only/);
    }
    assert.equal(
      (await prepare('lint_dockerfile', { path: 'Dockerfile' }))?.confirmationMessages,
      undefined,
    );
    assert.equal(
      (await prepare('explain_exit', { evidence: '[]' }))?.confirmationMessages,
      undefined,
    );
  });

  describe('against the engine', () => {
    before(async function () {
      image = await hostBusyboxOrSkip(this);
    });

    async function run(cmd: string[]): Promise<string> {
      const { Id } = await api<{ Id: string }>(
        'POST',
        `/containers/create?name=lm-tools-${process.pid}-${created.length}`,
        {
          Image: image,
          Cmd: cmd,
          Labels: { [LABEL]: '1' },
          // No network needed (and no dependence on the engine's bridge).
          HostConfig: { NetworkMode: 'none' },
        },
      );
      created.push(Id);
      await api('POST', `/containers/${Id}/start`);
      return Id;
    }

    it('explain_exit { container }: a real exit 3 is an app error', async () => {
      const id = await run(['sh', '-c', 'echo "fatal: no config" >&2; exit 3']);
      await api('POST', `/containers/${id}/wait`);
      const s = await invoke('explain_exit', { container: id });
      assert.equal(s.cause, 'app-error');
      assert.equal(s.exitCode, 3);
    });

    it('process_tree: real zombies and their parent; an unknown container is an error', async () => {
      const id = await run([
        'sh',
        '-c',
        'for i in $(seq 4); do (sleep 0.2 &); done; exec sleep 1000',
      ]);
      await new Promise((r) => setTimeout(r, 1500));
      const s = await invoke('process_tree', { container: id });
      assert.deepEqual((s.zombies as { count: number; parents: unknown }).parents, [
        { pid: 1, command: 'sleep 1000', count: 4 },
      ]);
      assert.equal((s.pid1 as { verdict: { reapsZombies: boolean } }).verdict.reapsZombies, false);
      const missing = await rejection(
        invoke('process_tree', { container: `lm-tools-${process.pid}-none` }),
      );
      assert.match(missing.message, /No container named or with id/);
    });

    it('audit_host: the report', async () => {
      const s = await invoke('audit_host', {});
      assert.equal(typeof (s.host as { memTotal: number }).memTotal, 'number');
      assert.ok(Array.isArray(s.containers));
    });
  });
});
