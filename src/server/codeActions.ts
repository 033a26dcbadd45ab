// Quick fixes: each Fix of a finding as a code action (edits may reach other files, such as
// the entrypoint script), plus "Disable <rule> for this line" with the engine's suppression
// comment `# container-doctor-ignore <rule>`: in a Dockerfile the one comment line right
// above the instruction (several rules may share it), in a compose file a comment line above
// the key.
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

function lineText(document: TextDocument, line: number): string {
  const text = document.getText({
    start: { line, character: 0 },
    end: { line: line + 1, character: 0 },
  });
  return text.replace(/\r?\n$/, '');
}

/** The edit that puts the suppression comment on a new line above `line`, indented like it. */
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

const suppressionLine = /^\s*#\s*container-doctor-ignore\b(.*)$/;
const commentOrBlank = /^\s*(#.*)?$/;

/** The escape character of a Dockerfile (`# escape=` parser directive), '\\' by default. */
function escapeCharacter(document: TextDocument): string {
  for (let line = 0; line < Math.min(document.lineCount, 10); line++) {
    const directive = /^\s*#\s*([a-zA-Z]+)\s*=\s*(\S+)\s*$/.exec(lineText(document, line));
    if (!directive) break;
    if (directive[1].toLowerCase() === 'escape') return directive[2];
  }
  return '\\';
}

/**
 * The first line of the Dockerfile instruction that contains `line`: lines above that end in
 * the escape character continue into it (comment and blank lines inside a continuation are
 * skipped, as Docker does).
 */
export function instructionStartLine(document: TextDocument, line: number): number {
  const escape = escapeCharacter(document);
  const continues = (l: number) => {
    const text = lineText(document, l);
    return !commentOrBlank.test(text) && text.trimEnd().endsWith(escape);
  };
  let start = line;
  for (let above = line - 1; above >= 0;) {
    let candidate = above;
    while (candidate >= 0 && commentOrBlank.test(lineText(document, candidate))) candidate--;
    if (candidate < 0 || !continues(candidate)) break;
    start = candidate;
    above = candidate - 1;
  }
  return start;
}

/**
 * Dockerfile suppression: the engine reads the one comment line right above the instruction,
 * which may name several rules. Add the rule to that comment when there is one, else insert it.
 */
export function dockerfileSuppressionEdit(
  document: TextDocument,
  line: number,
  rule: string,
): LspTextEdit {
  const start = instructionStartLine(document, Math.min(line, document.lineCount - 1));
  if (start > 0) {
    const above = lineText(document, start - 1);
    const existing = suppressionLine.exec(above);
    if (existing && existing[1].trim() !== '') {
      const trimmed = above.trimEnd();
      return {
        range: {
          start: { line: start - 1, character: trimmed.length },
          end: { line: start - 1, character: above.length },
        },
        newText: ` ${rule}`,
      };
    }
  }
  return suppressionEdit(document, start, rule);
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
  for (const { finding, diagnostic } of items) {
    const line = finding.range.start.line;
    const key = `${finding.rule}@${line}`;
    if (suppressions.has(key)) continue;
    suppressions.add(key);
    actions.push({
      title: `Disable ${finding.rule} for this line`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      edit: {
        changes: {
          [document.uri]: [
            kind === 'dockerfile'
              ? dockerfileSuppressionEdit(document, line, finding.rule)
              : suppressionEdit(document, line, finding.rule),
          ],
        },
      },
    });
  }
  return actions;
}
