// Quick fixes: each Fix of a finding as a code action (edits may reach other files, such as
// the entrypoint script), plus "Disable <rule> for this line" with the engine's suppression
// comment (`# container-doctor-ignore <rule>` on the line above).
import {
  CodeActionKind,
  type CodeAction,
  type Diagnostic,
  type Range,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding, TextEdit } from '../analysis/types';

export const suppressionPrefix = '# container-doctor-ignore';

export function rangesOverlap(a: Range, b: Range): boolean {
  const before = (p: Range['start'], q: Range['start']) =>
    p.line < q.line || (p.line === q.line && p.character < q.character);
  // Touching counts: a cursor at the end of a squiggle still gets its fixes.
  return !before(a.end, b.start) && !before(b.end, a.start);
}

export function toWorkspaceEdit(edits: TextEdit[], uriOf: (path: string) => string): WorkspaceEdit {
  const changes: Record<string, LspTextEdit[]> = {};
  for (const edit of edits) {
    const uri = uriOf(edit.path);
    (changes[uri] ??= []).push({ range: edit.range, newText: edit.newText });
  }
  return { changes };
}

/** The edit that puts the suppression comment above `line`, indented like it. */
export function suppressionEdit(document: TextDocument, line: number, rule: string): LspTextEdit {
  const text = document.getText({
    start: { line, character: 0 },
    end: { line: line + 1, character: 0 },
  });
  const indent = /^[ \t]*/.exec(text)?.[0] ?? '';
  const eol = text.endsWith('\r\n') ? '\r\n' : '\n';
  return {
    range: { start: { line, character: 0 }, end: { line, character: 0 } },
    newText: `${indent}${suppressionPrefix} ${rule}${eol}`,
  };
}

export interface FindingWithDiagnostic {
  finding: Finding;
  diagnostic: Diagnostic;
}

export function codeActionsFor(
  document: TextDocument,
  items: FindingWithDiagnostic[],
  uriOf: (path: string) => string,
): CodeAction[] {
  const actions: CodeAction[] = [];
  const suppressions = new Set<string>();
  for (const { finding, diagnostic } of items) {
    for (const fix of finding.fixes) {
      if (fix.edits.length === 0) continue;
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: fix.preferred,
        edit: toWorkspaceEdit(fix.edits, uriOf),
      });
    }
  }
  for (const { finding, diagnostic } of items) {
    const line = finding.range.start.line;
    const key = `${finding.rule}@${line}`;
    if (suppressions.has(key)) continue;
    suppressions.add(key);
    actions.push({
      title: `Disable ${finding.rule} for this line`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      edit: { changes: { [document.uri]: [suppressionEdit(document, line, finding.rule)] } },
    });
  }
  return actions;
}
