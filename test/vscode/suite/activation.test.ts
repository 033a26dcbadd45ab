// Activation: only for Dockerfiles, compose files and the extension's own views; and once
// a Dockerfile is open, the extension is active with its language server running.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extensionId, fixture, open, waitForDiagnostics } from './util';

const allowedActivation = [
  /^onLanguage:(dockerfile|dockercompose)$/,
  /^workspaceContains:.*(Dockerfile|Containerfile|compose).*$/,
  /^onView:containerDoctor\./,
  /^onCommand:containerDoctor\./,
];

describe('activation @packaged', () => {
  it('declares no `*` or startup activation, only Dockerfile/compose/view events', () => {
    const ext = vscode.extensions.getExtension(extensionId);
    assert.ok(ext, `${extensionId} is installed`);
    const events: string[] = ext.packageJSON.activationEvents ?? [];
    assert.ok(events.length > 0, 'has activation events');
    for (const e of events)
      assert.ok(
        allowedActivation.some((re) => re.test(e)),
        `activation event ${JSON.stringify(e)} is not limited to Dockerfiles, compose files or views`,
      );
  });

  it('is not active in a workspace without Dockerfiles until one is opened', async function () {
    if (!process.env.CDOC_TEST_WORKSPACE) return this.skip(); // the main workspace has a compose file
    const ext = vscode.extensions.getExtension(extensionId);
    assert.ok(ext);
    assert.equal(ext.isActive, false, 'not active before a Dockerfile is opened');
    const uri = fixture('debian', 'Dockerfile');
    await open(uri);
    await waitForDiagnostics(uri, (ds) => ds.length > 0);
    assert.equal(ext.isActive, true, 'active after a Dockerfile is opened');
  });

  it('activates and reports its activation and language-server start times', async () => {
    const uri = fixture('debian', 'Dockerfile');
    await open(uri);
    const ext = vscode.extensions.getExtension<{
      activationMs: number;
      serverStartMs: Promise<number>;
      activationSteps: Record<string, number>;
    }>(extensionId);
    assert.ok(ext);
    const api = await ext.activate();
    // The figures the bench prints are measurements of these steps: each step is timed
    // inside activate(), so together they cannot exceed the whole, and the whole is > 0.
    const steps = api.activationSteps;
    assert.deepEqual(Object.keys(steps), [
      'context',
      'engine session',
      'explorer',
      'diagnoses',
      'kubernetes',
      'editor',
      'language model tools',
    ]);
    for (const [name, ms] of Object.entries(steps))
      assert.ok(Number.isFinite(ms) && ms >= 0, `step ${name}: ${ms}`);
    const sum = Object.values(steps).reduce((a, b) => a + b, 0);
    assert.ok(api.activationMs > 0, `activationMs ${api.activationMs}`);
    assert.ok(sum <= api.activationMs, `steps ${sum} ms within activate() ${api.activationMs} ms`);
    // activate() does not wait for the server: it is ready later, and it answers.
    const serverMs = await api.serverStartMs;
    assert.ok(serverMs >= api.activationMs, 'the server is ready after activate() returned');
    await waitForDiagnostics(uri, (ds) => ds.length > 0);
    console.log(
      `    activate(): ${api.activationMs.toFixed(1)} ms, language server ready at ${serverMs.toFixed(0)} ms`,
    );
  });
});
