// "Disable <rule> for this line": the fix that writes the suppression comment the engine reads
// (rules/suppressions.ts). In a Dockerfile the one comment line right above the instruction
// (found with the engine's own parse, continuations and `# escape=` included), to which a
// further rule is appended; in a compose file a new comment line above the key.
import type { Finding, Fix, FileAnalysis, TextEdit } from '../types';
import { parseDockerfile } from '../dockerfile/model';
import { LineIndex } from '../dockerfile/text';
import { parseSuppressionComment, suppressionPrefix } from '../rules/suppressions';

/** The first line of the Dockerfile instruction that contains `line` (the line itself if none). */
export function instructionStartLine(text: string, line: number): number {
  const model = parseDockerfile(text);
  for (const stage of model.stages)
    for (const ins of [stage.from, ...stage.instructions])
      if (ins.range.start.line <= line && line <= ins.range.end.line) return ins.range.start.line;
  return line;
}

/** A new comment line above `line`, indented like it, with the file's line break. */
export function insertSuppressionLine(
  path: string,
  text: string,
  line: number,
  rule: string,
): TextEdit {
  const lines = new LineIndex(text);
  const at = Math.min(line, lines.lineCount - 1);
  const own = lines.lineText(at);
  const indent = /^[ \t]*/.exec(own)?.[0] ?? '';
  const next = lines.starts[at + 1];
  const eol = next !== undefined && text[next - 2] === '\r' ? '\r\n' : '\n';
  const p = { line: at, character: 0 };
  return {
    path,
    range: { start: p, end: p },
    newText: `${indent}${suppressionPrefix} ${rule}${eol}`,
  };
}

function dockerfileSuppression(path: string, text: string, line: number, rule: string): TextEdit {
  const start = instructionStartLine(text, line);
  if (start > 0) {
    const lines = new LineIndex(text);
    const above = lines.lineText(start - 1);
    const existing = /container-doctor-ignore/.test(above) ? parseSuppressionComment(above) : null;
    if (existing && !existing.rules.includes('*')) {
      const end = above.trimEnd().length;
      return {
        path,
        range: {
          start: { line: start - 1, character: end },
          end: { line: start - 1, character: above.length },
        },
        newText: ` ${rule}`,
      };
    }
  }
  return insertSuppressionLine(path, text, start, rule);
}

/** The fix that silences this finding where it is reported. */
export function suppressionFix(
  kind: FileAnalysis['kind'],
  text: string,
  finding: Pick<Finding, 'rule' | 'path' | 'range'>,
): Fix {
  const line = finding.range.start.line;
  const edit =
    kind === 'dockerfile'
      ? dockerfileSuppression(finding.path, text, line, finding.rule)
      : insertSuppressionLine(finding.path, text, line, finding.rule);
  return { title: `Disable ${finding.rule} for this line`, preferred: false, edits: [edit] };
}
