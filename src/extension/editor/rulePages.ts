// `containerDoctor.openRulePage <id>`: the rule's page (docs/rules/<id>.md, shipped in the
// extension) in VS Code's Markdown preview, and the diagnostics middleware that points
// each diagnostic's code link at that command instead of the raw file.
import * as vscode from 'vscode';
import type { Middleware } from 'vscode-languageclient';
import { isRuleId, openRulePageCommand, ruleIdFromHref, rulePageCommandUri } from './ruleLinks';

/** The rule ids that have a page, for the palette's "which rule?" question. */
async function pagedRules(extensionUri: vscode.Uri): Promise<string[]> {
  const dir = vscode.Uri.joinPath(extensionUri, 'docs', 'rules');
  try {
    const entries = await vscode.workspace.fs.readDirectory(dir);
    return entries
      .map(([name]) => name.replace(/\.md$/, ''))
      .filter(isRuleId)
      .sort();
  } catch {
    return [];
  }
}

export async function openRulePage(extensionUri: vscode.Uri, rule?: unknown): Promise<boolean> {
  // From the command palette there is no argument: ask which rule.
  if (rule === undefined) {
    rule = await vscode.window.showQuickPick(await pagedRules(extensionUri), {
      title: 'Container Doctor: open a rule page',
      placeHolder: 'Rule id',
    });
    if (rule === undefined) return false;
  }
  if (!isRuleId(rule)) {
    void vscode.window.showWarningMessage(`Container Doctor: "${String(rule)}" is not a rule id.`);
    return false;
  }
  const page = vscode.Uri.joinPath(extensionUri, 'docs', 'rules', `${rule}.md`);
  try {
    await vscode.workspace.fs.stat(page);
  } catch {
    void vscode.window.showWarningMessage(`Container Doctor: the rule ${rule} has no page.`);
    return false;
  }
  // Beside the Dockerfile, so the squiggle and its explanation are both in view.
  await vscode.commands.executeCommand('markdown.showPreviewToSide', page);
  return true;
}

export function registerRulePages(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(openRulePageCommand, (rule: unknown) =>
      openRulePage(context.extensionUri, rule),
    ),
  );
}

/** A diagnostic whose code links to docs/rules/<id>.md now links to the preview command. */
export function withRulePageLink(diagnostic: vscode.Diagnostic): vscode.Diagnostic {
  const code = diagnostic.code;
  if (typeof code !== 'object' || code === null || code.target.scheme !== 'file') return diagnostic;
  const rule = ruleIdFromHref(code.target.toString(true));
  if (!rule) return diagnostic;
  diagnostic.code = { value: code.value, target: vscode.Uri.parse(rulePageCommandUri(rule)) };
  return diagnostic;
}

/** languageclient middleware for the client's options: rule links open in the preview. */
export const ruleLinkMiddleware: Middleware = {
  handleDiagnostics(uri, diagnostics, next) {
    next(uri, diagnostics.map(withRulePageLink));
  },
};
