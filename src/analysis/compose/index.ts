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
import { composeRules, findingOf } from '../rules/registry';
import type { ComposeRuleContext, Report } from '../rules/rule';
import { parseSuppressionComment, silences } from '../rules/suppressions';

export { composeRules } from '../rules/registry';

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
    const comment = parseSuppressionComment(text);
    return comment !== null && silences(comment.rules, rule);
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
  /** The compose file's folder: where a service's `build` Dockerfile is read. */
  context: BuildContext = noBuildContext,
  /** Tests only: let a throwing rule fail loudly instead of being skipped. */
  strict = false,
): FileAnalysis {
  const file = parseCompose(path, text);
  const findings: Finding[] = [];
  for (const service of file.services) {
    for (const rule of composeRules) {
      const setting = options.rules?.[rule.meta.id];
      if (setting === 'off') continue;
      const ctx: ComposeRuleContext = {
        path,
        file,
        service,
        context,
        report(r: Report) {
          const anchors = r.anchorLines ?? [r.range.start.line];
          if (!isSuppressed(file, rule.meta.id, anchors))
            findings.push(findingOf(rule.meta, r, path, setting));
        },
      };
      try {
        rule.check(ctx);
      } catch (e) {
        if (strict) throw e;
      }
    }
  }
  return { path, kind: 'compose', runtime: null, commandRanges: [], findings };
}
