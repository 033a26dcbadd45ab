// What the language server publishes for a Dockerfile in the real extension host:
// diagnostics at the right ranges, quick fixes that change the document, the hover on
// CMD, and rule settings that apply without a reload.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  closeAll,
  fixture,
  hoverText,
  lineStarting,
  open,
  ruleOf,
  waitForDiagnostics,
} from './util';

const hasShellPid1 = (ds: vscode.Diagnostic[]) => ds.some((d) => ruleOf(d) === 'shell-pid1');

describe('Dockerfile diagnostics @packaged', () => {
  afterEach(closeAll);

  it('debian + `CMD node server.js`: shell-pid1 on the CMD line (dash stays PID 1)', async () => {
    const uri = fixture('debian', 'Dockerfile');
    const editor = await open(uri);
    const cmdLine = lineStarting(editor.document, 'CMD ');
    const ds = await waitForDiagnostics(uri, hasShellPid1);
    const d = ds.find((x) => ruleOf(x) === 'shell-pid1');
    assert.ok(d);
    assert.equal(d.range.start.line, cmdLine, 'starts on the CMD line');
    assert.equal(d.range.end.line, cmdLine, 'ends on the CMD line');
    assert.ok(
      d.severity === vscode.DiagnosticSeverity.Warning ||
        d.severity === vscode.DiagnosticSeverity.Error,
      `a warning or an error (${vscode.DiagnosticSeverity[d.severity]})`,
    );
    assert.match(d.message, /PID 1|sh/);
  });
});

describe('Dockerfile diagnostics', () => {
  afterEach(closeAll);

  it('alpine + `CMD node server.js`: no shell-pid1 (BusyBox ash execs a lone command)', async () => {
    const uri = fixture('alpine', 'Dockerfile');
    await open(uri);
    // Wait until the server has published for this file (some other finding, e.g. node
    // ignoring SIGTERM), then check that shell-pid1 is not among them.
    const ds = await waitForDiagnostics(uri, (all) => all.length > 0);
    assert.equal(
      ds.filter((d) => ruleOf(d) === 'shell-pid1').length,
      0,
      `no shell-pid1; got ${ds.map(ruleOf).join(', ')}`,
    );
  });

  it('offers quick fixes for shell-pid1; the exec-form fix rewrites CMD and clears it', async () => {
    const uri = fixture('debian', 'Dockerfile');
    const editor = await open(uri);
    const [d] = (await waitForDiagnostics(uri, hasShellPid1)).filter(
      (x) => ruleOf(x) === 'shell-pid1',
    );
    const actions =
      (await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        uri,
        d.range,
        vscode.CodeActionKind.QuickFix.value,
      )) ?? [];
    const titles = actions.map((a) => a.title);
    // Every action offered on the squiggle's range: the fixes plus "Disable … for this line".
    assert.ok(
      titles.some((t) => /disable shell-pid1/i.test(t)),
      `the suppression action is offered; offered: ${titles.join(' | ')}`,
    );
    const execForm = actions.find((a) => /exec form/i.test(a.title));
    assert.ok(execForm?.edit, `an exec-form fix with an edit; offered: ${titles.join(' | ')}`);
    const cmdLine = d.range.start.line;
    assert.ok(await vscode.workspace.applyEdit(execForm.edit));
    const text = editor.document.lineAt(cmdLine).text;
    assert.match(text, /^CMD \[\s*"node",\s*"server\.js"\s*\]$/, 'CMD in exec form');
    await waitForDiagnostics(uri, (ds) => !hasShellPid1(ds));
  });

  it('the hover over CMD says who PID 1 is: /bin/sh (dash) for the shell form on Debian', async () => {
    const uri = fixture('debian', 'Dockerfile');
    const editor = await open(uri);
    await waitForDiagnostics(uri, hasShellPid1);
    const line = lineStarting(editor.document, 'CMD ');
    const hovers =
      (await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        uri,
        new vscode.Position(line, 1),
      )) ?? [];
    const text = hoverText(hovers);
    assert.match(text, /PID 1/, `hover mentions PID 1:\n${text}`);
    assert.match(text, /\bsh\b|dash/, `hover names the shell as PID 1:\n${text}`);
  });

  it('containerDoctor.rules {"shell-pid1": "off"} removes the diagnostic without a reload', async () => {
    const uri = fixture('debian', 'Dockerfile');
    await open(uri);
    await waitForDiagnostics(uri, hasShellPid1);
    const config = vscode.workspace.getConfiguration('containerDoctor');
    try {
      await config.update('rules', { 'shell-pid1': 'off' }, vscode.ConfigurationTarget.Workspace);
      await waitForDiagnostics(uri, (ds) => !hasShellPid1(ds));
    } finally {
      await config.update('rules', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitForDiagnostics(uri, hasShellPid1);
  });
});
