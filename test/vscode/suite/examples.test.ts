// examples/README.md says which rules each example shows; `npm start` opens examples/ for
// newcomers. This keeps the table true: each example, opened in the real extension host,
// gets exactly the rules its row names (the development extension's folder is this checkout;
// this suite is not tagged @packaged: the VSIX ships no examples). A missing or unreadable
// table fails, it does not skip.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { closeAll, extensionId, ours, ruleOf, waitForDiagnostics } from './util';

interface Row {
  file: string;
  rules: string[];
}

/** The table rows: first cell the folder (or file), last cell the rule ids in backticks. */
function readTable(examples: string): Row[] {
  const rows: Row[] = [];
  for (const line of readFileSync(path.join(examples, 'README.md'), 'utf8').split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    const first = /^`([^`]+)`$/.exec(cells[1] ?? '');
    if (!first || cells.length < 4) continue;
    const target = first[1].endsWith('/') ? `${first[1]}Dockerfile` : first[1];
    const last = cells[cells.length - 2];
    rows.push({ file: target, rules: [...last.matchAll(/`([a-z0-9-]+)`/g)].map((m) => m[1]) });
  }
  return rows;
}

/** The verdict CodeLens appears once the server analysed the file (also when all is well). */
async function analysed(uri: vscode.Uri): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const lenses =
      (await vscode.commands.executeCommand<vscode.CodeLens[]>(
        'vscode.executeCodeLensProvider',
        uri,
      )) ?? [];
    if (lenses.some((l) => /PID 1/.test(l.command?.title ?? ''))) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no verdict for ${uri.fsPath} within 20 s`);
}

describe('examples/ shows what its README says', function () {
  const ext = vscode.extensions.getExtension(extensionId);
  const examples = ext ? path.join(ext.extensionPath, 'examples') : '';
  let rows: Row[] = [];
  let unreadable: unknown;
  try {
    rows = readTable(examples);
  } catch (error) {
    unreadable = error; // reported by the first test, with the reason
  }
  afterEach(closeAll);

  it('the README table lists the examples', () => {
    assert.ok(ext, `${extensionId} is installed`);
    if (unreadable) throw unreadable;
    assert.ok(rows.length >= 8, `${rows.length} rows in ${path.join(examples, 'README.md')}`);
  });

  for (const row of rows)
    it(`${row.file}: ${row.rules.length ? row.rules.join(', ') : 'no findings'}`, async () => {
      const uri = vscode.Uri.file(path.join(examples, row.file));
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      const want = [...new Set(row.rules)].sort().join(', ');
      if (row.rules.length === 0) {
        if (!row.file.endsWith('.yaml')) await analysed(uri);
        assert.equal(ours(uri).map(ruleOf).join(', '), '', 'no findings');
        return;
      }
      const rulesIn = (ds: vscode.Diagnostic[]) => [...new Set(ds.map(ruleOf))].sort().join(', ');
      try {
        await waitForDiagnostics(uri, (ds) => rulesIn(ds) === want, 15_000);
      } catch (timeout) {
        // Show what the file got instead: the assertion's diff names the missing or extra rule.
        assert.equal(rulesIn(ours(uri)), want, String(timeout));
      }
    });
});
