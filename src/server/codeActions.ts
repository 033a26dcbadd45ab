// Quick fixes: each Fix of a finding as a code action (edits may reach other files, such as
// the entrypoint script), plus "Disable <rule> for this line", the domain's suppression fix
// (src/analysis/fixes/suppress.ts; the CLI's --suppress-all writes the same comment).
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
import {
  insertSuppressionLine,
  instructionStartLine as instructionStartLineOf,
  suppressionFix,
} from '../analysis/fixes/suppress';

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

/** The edit that puts the suppression comment on a new line above `line`, indented like it. */
export function suppressionEdit(document: TextDocument, line: number, rule: string): LspTextEdit {
  const { range, newText } = insertSuppressionLine(document.uri, document.getText(), line, rule);
  return { range, newText };
}

/** The first line of the Dockerfile instruction holding `line` (the engine's own parse). */
export function instructionStartLine(document: TextDocument, line: number): number {
  return instructionStartLineOf(document.getText(), line);
}

/** Dockerfile suppression: joins the comment above the instruction, or inserts one. */
export function dockerfileSuppressionEdit(
  document: TextDocument,
  line: number,
  rule: string,
): LspTextEdit {
  const fix = suppressionFix('dockerfile', document.getText(), {
    rule,
    path: document.uri,
    range: { start: { line, character: 0 }, end: { line, character: 0 } },
  });
  const { range, newText } = fix.edits[0]!;
  return { range, newText };
}

export interface FindingWithDiagnostic {
  finding: Finding;
  diagnostic: Diagnostic;
}

export function codeActionsFor(
  document: TextDocument,
  kind: 'dockerfile' | 'compose',
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
  const text = document.getText();
  for (const { finding, diagnostic } of items) {
    const key = `${finding.rule}@${finding.range.start.line}`;
    if (suppressions.has(key)) continue;
    suppressions.add(key);
    const fix = suppressionFix(kind, text, finding);
    actions.push({
      title: fix.title,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      edit: {
        changes: {
          [document.uri]: fix.edits.map((e) => ({ range: e.range, newText: e.newText })),
        },
      },
    });
  }
  return actions;
}
