// The editor experience : the runtime verdict where you type (the server's
// CodeLens, explained by showRuntimeVerdict), rule pages in the Markdown preview, and the
// walkthrough's commands. Grammars (syntaxes/) and the walkthrough are contributions in
// package.json; this module registers the commands behind them.
import type * as vscode from 'vscode';
import { registerRulePages } from './rulePages';
import { registerRuntimeVerdict, type VerdictRequester } from './verdict';

export { ruleLinkMiddleware, withRulePageLink } from './rulePages';
export type { VerdictView, VerdictRequester } from './verdict';

/**
 * `client`: the language client (anything with sendRequest), or a function returning it
 * once it exists; without it the verdict command says that the server is not running.
 */
export function registerEditorExperience(
  context: vscode.ExtensionContext,
  client?: VerdictRequester | (() => VerdictRequester | undefined),
): void {
  const requester = typeof client === 'function' ? client : () => client;
  registerRulePages(context);
  registerRuntimeVerdict(context, requester);
}
