// `--format text` (default), in the manner of ESLint's "stylish": one line per finding,
// `path:line:col  severity  message  rule`, a runtime verdict line per Dockerfile, a summary.
import type { Severity } from '../../analysis/types';
import { verdictTitle } from '../../server/verdictSummary';
import type { Formatter } from './types';

function oneLine(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, ' ');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export const formatText: Formatter = (files) => {
  const lines: string[] = [];
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0, hint: 0 };
  let withProblems = 0;
  for (const file of files) {
    const { analysis } = file;
    if (analysis.kind === 'dockerfile')
      lines.push(`${file.path}  ${verdictTitle(analysis.runtime)}`);
    if (analysis.findings.length > 0) withProblems++;
    for (const f of analysis.findings) {
      counts[f.severity]++;
      const where = `${file.path}:${f.range.start.line + 1}:${f.range.start.character + 1}`;
      lines.push(`${where}  ${f.severity}  ${oneLine(f.message)}  ${f.rule}`);
    }
  }
  const total = counts.error + counts.warning + counts.info + counts.hint;
  if (lines.length > 0) lines.push('');
  if (total === 0) lines.push(`no problems in ${plural(files.length, 'file')}`);
  else
    lines.push(
      `${plural(total, 'problem')} (${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${counts.info} info, ${plural(counts.hint, 'hint')}) in ${withProblems} of ${plural(files.length, 'file')}`,
    );
  return `${lines.join('\n')}\n`;
};
