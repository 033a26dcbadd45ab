// `--format json`: the stable contract of docs/cli-output.md, positions 0-based as in LSP.
import type { Formatter } from './types';

/**
 * The contract's version (docs/cli-output.md). It changes only when a key is removed or renamed
 * or a value changes meaning; new keys may appear within a version.
 */
export const jsonOutputVersion = '1';

export const formatJson: Formatter = (files, { showPath }) => {
  const report = {
    version: jsonOutputVersion,
    files: files.map((file) => ({
      path: file.path,
      // In the documented key order, whatever order the engine built it in.
      runtime: file.analysis.runtime && {
        pid1: file.analysis.runtime.pid1,
        viaShell: file.analysis.runtime.viaShell,
        gracefulStop: file.analysis.runtime.gracefulStop,
        reapsZombies: file.analysis.runtime.reapsZombies,
        init: file.analysis.runtime.init,
        reasons: file.analysis.runtime.reasons,
      },
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
