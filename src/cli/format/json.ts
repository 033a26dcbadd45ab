// `--format json`: the shape documented in the README (issue 2), positions 0-based as in LSP.
import type { Formatter } from './types';

export const formatJson: Formatter = (files, { showPath }) => {
  const report = {
    files: files.map((file) => ({
      path: file.path,
      runtime: file.analysis.runtime,
      findings: file.analysis.findings.map((f) => ({
        rule: f.rule,
        severity: f.severity,
        message: f.message,
        range: f.range,
        fixes: f.fixes.map((fix) => ({
          title: fix.title,
          edits: fix.edits.map((e) => ({
            path: showPath(e.path),
            range: e.range,
            newText: e.newText,
          })),
        })),
      })),
    })),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
};
