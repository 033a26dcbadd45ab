// One-shot diagnoses in the real extension host against the real engine: Explain Container
// Exit with a container id (as the explorer passes it), Test Graceful Stop, Audit Docker
// Host, and a daemon that cannot be reached (a message, not an exception).
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { hostApi as api, hostBusyboxOrSkip } from './engine-api';

interface Container {
  id: string;
}

async function createContainer(spec: Record<string, unknown>, start: boolean): Promise<Container> {
  const { Id } = await api<{ Id: string }>('POST', '/containers/create', {
    ...spec,
    Labels: { [LABEL]: '1' },
  });
  if (start) await api('POST', `/containers/${Id}/start`);
  return { id: Id };
}

// The Docker tests' own label (test/docker/diagnoses/scenarios.ts), so their cleanup sweeps these.
const LABEL = 'org.container-doctor.diagnoses-test';

interface ExplainResult {
  explanation: { cause: string; exitCode: number; summary: string; container: { id: string } };
  markdown: string;
  html: string;
}

describe('diagnoses commands', function () {
  this.timeout(60_000);
  const created: Container[] = [];
  let image: string | undefined;

  before(async function () {
    image = await hostBusyboxOrSkip(this);
  });

  after(async () => {
    for (const c of created)
      await api('DELETE', `/containers/${c.id}?force=1`).catch(() => undefined);
  });

  it('Explain Container Exit with an id: app-error from the log, webview with a strict CSP', async () => {
    const c = await createContainer(
      { Image: image, Cmd: ['sh', '-c', 'echo "fatal: cannot open /etc/app.conf" >&2; exit 3'] },
      true,
    );
    created.push(c);
    await api('POST', `/containers/${c.id}/wait`);
    const r = (await vscode.commands.executeCommand('containerDoctor.explainExit', c.id)) as
      ExplainResult | undefined;
    assert.ok(r, 'the command returned an explanation');
    assert.equal(r.explanation.cause, 'app-error');
    assert.equal(r.explanation.exitCode, 3);
    assert.match(r.explanation.summary, /cannot open \/etc\/app\.conf/);
    assert.match(r.markdown, /^## Why `/);
    assert.match(r.html, /Content-Security-Policy" content="default-src 'none'/);
    // Nothing remote: the only URL is the webview's own resource origin, in the CSP.
    assert.doesNotMatch(
      r.html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, ''),
      /https?:\/\//,
    );
  });

  it('Test Graceful Stop on a container copy: SIGKILLed after the timeout, copy removed', async () => {
    const c = await createContainer(
      { Image: image, Cmd: ['sh', '-c', 'echo up; sleep 1000'] },
      false,
    );
    created.push(c);
    const r = (await vscode.commands.executeCommand('containerDoctor.testGracefulStop', {
      containerId: c.id,
      timeoutSeconds: 1,
    })) as { kind: string; result?: { verdict: string; exitCode: number } };
    assert.equal(r.kind, 'ok');
    assert.equal(r.result?.verdict, 'killed');
    assert.equal(r.result?.exitCode, 137);
    const filters = encodeURIComponent(JSON.stringify({ label: ['container-doctor.stop-test'] }));
    const left = await api<{ Labels: Record<string, string> }[]>(
      'GET',
      `/containers/json?all=1&filters=${filters}`,
    );
    assert.deepEqual(
      left.filter((x) =>
        x.Labels['container-doctor.stop-test.owner']?.startsWith(`${process.pid}@`),
      ),
      [],
    );
  });

  it('Audit Docker Host lists a container without a memory limit, with its action', async () => {
    const c = await createContainer({ Image: image, Cmd: ['sleep', '1000'] }, true);
    created.push(c);
    const r = (await vscode.commands.executeCommand('containerDoctor.auditHost')) as
      | { report: { containers: { id: string; findings: { id: string }[] }[] }; html: string }
      | undefined;
    assert.ok(r);
    const mine = r.report.containers.find((x) => x.id === c.id);
    assert.ok(mine?.findings.some((f) => f.id === 'no-memory-limit'));
    assert.match(r.html, new RegExp(`data-action="set-memory-limit" data-id="${c.id}"`));
  });

  it('an engine that cannot be reached: the command returns nothing and throws nothing', async () => {
    const config = vscode.workspace.getConfiguration('containerDoctor');
    await config.update(
      'docker.host',
      'unix:///tmp/cdoc-no-daemon.sock',
      vscode.ConfigurationTarget.Global,
    );
    try {
      const r = await vscode.commands.executeCommand('containerDoctor.explainExit', 'anything');
      assert.equal(r, undefined);
    } finally {
      await config.update('docker.host', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
