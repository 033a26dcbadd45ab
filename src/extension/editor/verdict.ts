// `containerDoctor.showRuntimeVerdict` (the command of the server's CodeLens above the final
// CMD/ENTRYPOINT, also in the command palette): asks the server for the runtime verdict
// (`containerDoctor/runtimeVerdict`) and shows it in a QuickPick: the fixes offered on that
// instruction (the same code actions as the light bulb; choosing one applies it), the facts
// that decided, the rule pages of the findings there, and the full explanation as a
// Markdown preview. Nothing here polls: the CodeLens text comes from the server, which asks
// VS Code to refresh lenses when a verdict changes.
import * as vscode from 'vscode';
import {
  RuntimeVerdictRequest,
  showRuntimeVerdictCommand,
  type RuntimeVerdictParams,
  type RuntimeVerdictResult,
  type ShowRuntimeVerdictArgs,
} from '../../server/protocol';
import { ruleIdFromHref, withRelativeRuleLinks } from './ruleLinks';
import { openRulePage } from './rulePages';
import { verdictItems, type VerdictItem } from './verdictItems';

/** What sends the custom request: the language client (or a stand-in in tests). */
export interface VerdictRequester {
  sendRequest(
    type: typeof RuntimeVerdictRequest,
    params: RuntimeVerdictParams,
  ): Promise<RuntimeVerdictResult | null>;
}

/** What the command shows; returned so tests can see it without reading the screen. */
export interface VerdictView {
  title: string;
  items: VerdictItem[];
}

const explanationScheme = 'container-doctor-verdict';
export const verdictShownContext = 'containerDoctor.verdictShown';

type PickItem = vscode.QuickPickItem & { item: VerdictItem };

function toPickItem(item: VerdictItem): PickItem {
  if (item.kind === 'separator')
    return { label: item.label, kind: vscode.QuickPickItemKind.Separator, item };
  if (item.kind === 'fix')
    return { label: item.label, description: item.description, item, alwaysShow: true };
  if (item.kind === 'reason') return { label: `$(circle-small) ${item.label}`, item };
  return { label: item.label, detail: item.detail, item };
}

function isShowArgs(value: unknown): value is ShowRuntimeVerdictArgs {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<ShowRuntimeVerdictArgs>;
  return typeof v.uri === 'string' && typeof v.position?.line === 'number';
}

/** The CodeLens's argument, or the active editor's cursor when run from the palette. */
function target(args: unknown): ShowRuntimeVerdictArgs | undefined {
  if (isShowArgs(args)) return args;
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const { line, character } = editor.selection.active;
  return { uri: editor.document.uri.toString(), position: { line, character } };
}

/** The quick fixes on the instructions that decide PID 1, as the light bulb offers them. */
async function fixesOn(uri: vscode.Uri, ranges: vscode.Range[]): Promise<vscode.CodeAction[]> {
  const fixes: vscode.CodeAction[] = [];
  const titles = new Set<string>();
  for (const range of ranges) {
    const actions =
      (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
        'vscode.executeCodeActionProvider',
        uri,
        range,
        vscode.CodeActionKind.QuickFix.value,
      )) ?? [];
    for (const action of actions) {
      // A bare Command has a string `command`; a CodeAction has an object or none.
      if (typeof (action as vscode.Command).command === 'string') continue;
      const codeAction = action as vscode.CodeAction;
      // The results carry no diagnostics to tell whose they are: like the light bulb, every
      // quick fix on the instruction is offered (ours are the server's, others' stay useful).
      if (titles.has(codeAction.title)) continue;
      titles.add(codeAction.title);
      fixes.push(codeAction);
    }
  }
  // Preferred fixes first (they are the ones proven to keep the program's meaning).
  return fixes.sort((a, b) => Number(b.isPreferred ?? false) - Number(a.isPreferred ?? false));
}

async function applyFix(fix: vscode.CodeAction): Promise<void> {
  if (fix.edit) await vscode.workspace.applyEdit(fix.edit);
  if (fix.command)
    await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));
}

export function registerRuntimeVerdict(
  context: vscode.ExtensionContext,
  requester: () => VerdictRequester | undefined,
): void {
  const explanations = new Map<string, string>();
  const rulesDir = vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules');
  const changed = new vscode.EventEmitter<vscode.Uri>();

  async function showExplanation(docUri: vscode.Uri, result: RuntimeVerdictResult): Promise<void> {
    const name = docUri.path.split('/').pop() ?? 'Dockerfile';
    // Beside the rule pages, so that its links to them are relative and the preview follows
    // them (this provider serves those pages too, under the same scheme).
    const uri = vscode.Uri.from({
      scheme: explanationScheme,
      path: vscode.Uri.joinPath(rulesDir, `${name} runtime verdict.md`).path,
      query: docUri.toString(),
    });
    explanations.set(
      uri.toString(),
      `# ${result.title}\n\n${withRelativeRuleLinks(result.markdown)}\n`,
    );
    changed.fire(uri);
    await vscode.commands.executeCommand('markdown.showPreviewToSide', uri);
  }

  async function show(args: unknown): Promise<VerdictView | undefined> {
    // The walkthrough's "see the verdict" step completes on this context key: a CodeLens
    // click reaches the workbench as VS Code's internal command delegation, not as this
    // command's id, so `onCommand:` alone misses the most common way in.
    void vscode.commands.executeCommand('setContext', verdictShownContext, true);
    const where = target(args);
    const client = requester();
    if (!where || !client) {
      void vscode.window.showInformationMessage(
        where
          ? 'Container Doctor: the language server is not running.'
          : 'Container Doctor: open a Dockerfile to see who PID 1 will be.',
      );
      return undefined;
    }
    const params: RuntimeVerdictParams = {
      textDocument: { uri: where.uri },
      position: where.position,
    };
    let result: RuntimeVerdictResult | null;
    try {
      result = await client.sendRequest(RuntimeVerdictRequest, params);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      void vscode.window.showWarningMessage(`Container Doctor: no runtime verdict here (${why}).`);
      return undefined;
    }
    if (!result) {
      void vscode.window.showWarningMessage(
        'Container Doctor: no runtime verdict here (the language server does not lint this file).',
      );
      return undefined;
    }
    const docUri = vscode.Uri.parse(where.uri);
    const ranges = result.ranges.length
      ? result.ranges.map(
          (r) => new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character),
        )
      : [new vscode.Range(where.position.line, 0, where.position.line, 0)];
    const fixes = await fixesOn(docUri, ranges);
    const items = verdictItems(
      result,
      fixes.map((f) => ({ title: f.title, preferred: f.isPreferred ?? false })),
    );
    const pick = vscode.window.createQuickPick<PickItem>();
    pick.title = result.title;
    pick.placeholder = fixes.length
      ? 'Choose a fix to apply, or a rule page to read'
      : 'Choose a rule page to read, or open the full explanation';
    pick.matchOnDetail = true;
    pick.items = items.map(toPickItem);
    pick.onDidAccept(async () => {
      const chosen = pick.selectedItems[0]?.item;
      if (!chosen || chosen.kind === 'reason' || chosen.kind === 'separator') return;
      pick.hide();
      if (chosen.kind === 'fix') await applyFix(fixes[chosen.fixIndex]!);
      else if (chosen.kind === 'rule') await openRulePage(context.extensionUri, chosen.rule);
      else await showExplanation(docUri, result);
    });
    pick.onDidHide(() => pick.dispose());
    pick.show();
    return { title: result.title, items };
  }

  context.subscriptions.push(
    changed,
    vscode.workspace.registerTextDocumentContentProvider(explanationScheme, {
      onDidChange: changed.event,
      provideTextDocumentContent: async (uri) => {
        const rule = ruleIdFromHref(uri.path);
        const page = rule && vscode.Uri.joinPath(rulesDir, `${rule}.md`);
        if (page && page.path === uri.path)
          return new TextDecoder().decode(await vscode.workspace.fs.readFile(page));
        return explanations.get(uri.toString()) ?? '';
      },
    }),
    vscode.commands.registerCommand(showRuntimeVerdictCommand, show),
  );
}
