// Compose files (`compose.yaml`, `docker-compose.yml`, ...): the service-level rules
// about PID 1 and memory. analyzeFile() calls analyzeCompose() for compose file names.
import {
  noBuildContext,
  type AnalysisOptions,
  type BuildContext,
  type FileAnalysis,
  type Finding,
} from '../types';
import { parseCompose, type ComposeFile } from './document';
import type { ComposeRule } from './rule';
import { composeNoMemoryLimit } from './rules/compose-no-memory-limit';
import { composeNodeWithoutInit } from './rules/compose-node-without-init';
import { composeShellCommand } from './rules/compose-shell-command';
import { composeHeapOverLimit } from './rules/compose-heap-over-limit';
import { composeHeapHeadroom } from './rules/compose-heap-headroom';
import { composeHeapIgnoresLimit } from './rules/compose-heap-ignores-limit';

export type { ComposeRule } from './rule';

/** Every compose rule, in the order findings are reported for one service. */
export const composeRules: readonly ComposeRule[] = [
  composeShellCommand,
  composeNodeWithoutInit,
  composeNoMemoryLimit,
  composeHeapOverLimit,
  composeHeapHeadroom,
  composeHeapIgnoresLimit,
];

const ignoreDirective = /#\s*container-doctor-ignore\b(.*)$/;

/** Rule ids named by a suppression comment; an empty list means every rule. */
function ignoredRules(commentLine: string): string[] | null {
  const m = ignoreDirective.exec(commentLine);
  if (!m) return null;
  return m[1]
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '' && !s.startsWith('--'));
}

function lineText(file: ComposeFile, line: number): string {
  const start = file.lineStarts[line];
  const end = line + 1 < file.lineStarts.length ? file.lineStarts[line + 1] : file.text.length;
  return file.text.slice(start, end).replace(/\r?\n$/, '');
}

/**
 * `# container-doctor-ignore <rule-id>` in the comment lines right above a key (or at
 * the end of the key's own line) suppresses that rule for the finding about the key.
 */
export function isSuppressed(file: ComposeFile, rule: string, anchorLines: number[]): boolean {
  const names = (text: string): boolean => {
    const ids = ignoredRules(text);
    return ids !== null && (ids.length === 0 || ids.includes(rule));
  };
  for (const anchor of anchorLines) {
    const own = lineText(file, anchor);
    const hash = own.indexOf('#');
    if (hash >= 0 && names(own.slice(hash))) return true;
    for (let line = anchor - 1; line >= 0; line--) {
      const text = lineText(file, line).trim();
      if (!text.startsWith('#')) break;
      if (names(text)) return true;
    }
  }
  return false;
}

export function analyzeCompose(
  path: string,
  text: string,
  options: AnalysisOptions = {},
  context: BuildContext = noBuildContext,
): FileAnalysis {
  const file = parseCompose(path, text);
  const findings: Finding[] = [];
  for (const service of file.services) {
    for (const rule of composeRules) {
      const setting = options.rules?.[rule.id];
      if (setting === 'off') continue;
      for (const report of rule.check(file, service, context)) {
        if (isSuppressed(file, rule.id, report.anchorLines)) continue;
        findings.push({
          rule: rule.id,
          severity: setting ?? report.severity ?? rule.defaultSeverity,
          message: report.message,
          path,
          range: report.range,
          fixes: report.fixes,
          related: report.related,
        });
      }
    }
  }
  return { path, kind: 'compose', runtime: null, commandRanges: [], findings };
}
