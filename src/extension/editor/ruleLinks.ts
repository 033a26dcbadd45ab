// Rule pages in the editor: the server links each diagnostic to docs/rules/<id>.md with a
// file:// URI (what any LSP client can open). VS Code would open that as Markdown source;
// the Problems panel and the hover open a diagnostic's code link with commands allowed
// (VS Code 1.100: `openerService.open(target, { allowCommands: true })`), so the client
// rewrites the link to a command URI that shows the page in the Markdown preview.
// Pure: strings in, strings out (no vscode), so it is unit-tested in node.

export const openRulePageCommand = 'containerDoctor.openRulePage';

/** Rule ids are kebab-case words; anything else never reaches the file system. */
export function isRuleId(value: unknown): value is string {
  return typeof value === 'string' && /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(value);
}

/** The rule id of a link to docs/rules/<id>.md (file:// URI or path), undefined otherwise. */
export function ruleIdFromHref(href: string): string | undefined {
  const match = /\/docs\/rules\/([^/]+)\.md$/.exec(href.split(/[?#]/)[0]!.replace(/\\/g, '/'));
  const id = match ? decodeURIComponent(match[1]!) : undefined;
  return isRuleId(id) ? id : undefined;
}

/** `command:containerDoctor.openRulePage?["<id>"]`, encoded as VS Code's command URIs expect. */
export function rulePageCommandUri(rule: string): string {
  return `command:${openRulePageCommand}?${encodeURIComponent(JSON.stringify([rule]))}`;
}

/**
 * Markdown for a document that lives beside the rule pages (see the verdict explanation):
 * links to docs/rules/<id>.md become `<id>.md`. The Markdown preview drops `file:` link
 * targets and follows only links without a scheme, which it resolves against the previewed
 * document and opens in the preview when they are Markdown.
 */
export function withRelativeRuleLinks(markdown: string): string {
  return markdown.replace(/\]\((file:[^)\s]+)\)/g, (whole, href: string) => {
    const rule = ruleIdFromHref(href);
    return rule ? `](${rule}.md)` : whole;
  });
}
