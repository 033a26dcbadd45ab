// `--format json`: the stable contract of docs/cli-output.md, positions 0-based as in LSP.
// One file's entry is also what the MCP server's and the VS Code tools' lint_dockerfile return.
import type { Formatter, LintedFile } from './types';

/**
 * The contract's version (docs/cli-output.md). It changes only when a key is removed or renamed
 * or a value changes meaning; new keys may appear within a version.
 */
export const jsonOutputVersion = '1';

/** One file's entry of the report: `path`, `runtime`, `findings`, in the documented order. */
export function lintFileJson(file: LintedFile, showPath: (enginePath: string) => string) {
  return {
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
  };
}

export type LintFileJson = ReturnType<typeof lintFileJson>;

export const formatJson: Formatter = (files, { showPath }) => {
  const report = {
    version: jsonOutputVersion,
    files: files.map((file) => lintFileJson(file, showPath)),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
};
