// Dockerfile → FileAnalysis: parse once, resolve PID 1 once, run every rule on the result.
import type { AnalysisOptions, BuildContext, FileAnalysis, Finding, Range } from '../types';
import { parseDockerfile } from './model';
import { analyseRuntime } from '../runtime-model';
import { dockerfileRules, findingOf } from '../rules/registry';
import type { DockerfileRuleContext, Report } from '../rules/rule';
import { fileSuppressions, silences } from '../rules/suppressions';

export function analyzeDockerfile(
  path: string,
  text: string,
  context: BuildContext,
  options: AnalysisOptions,
  /** Tests only: let a throwing rule or model fail loudly instead of being skipped. */
  strict = false,
): FileAnalysis {
  const model = parseDockerfile(text);
  let runtime: ReturnType<typeof analyseRuntime> = null;
  try {
    runtime = analyseRuntime(model, context);
  } catch (e) {
    if (strict) throw e;
    runtime = null; // the fuzz test keeps this path unused; a broken model must not take rules down
  }
  const silencedInFile = fileSuppressions(text);
  const findings: Finding[] = [];
  const problems: { rule: string; message: string }[] = [];
  for (const rule of dockerfileRules) {
    const setting = options.rules?.[rule.meta.id];
    if (setting === 'off' || silencedInFile.has(rule.meta.id)) continue;
    const isSuppressed = (r: Report): boolean =>
      (r.anchorLines ?? [r.range.start.line]).some((line) => {
        const ids = model.suppressions.get(line);
        return ids !== undefined && silences(ids, rule.meta.id);
      });
    const ctx: DockerfileRuleContext = {
      path,
      model,
      runtime,
      context,
      report(r: Report) {
        if (!isSuppressed(r)) findings.push(findingOf(rule.meta, r, path, setting));
      },
    };
    try {
      rule.check(ctx);
    } catch (e) {
      if (strict) throw e;
      // A rule that throws is a value the adapters show (the server as a diagnostic), not silence.
      problems.push({
        rule: rule.meta.id,
        message: e instanceof Error ? (e.stack ?? e.message) : String(e),
      });
    }
  }
  const commandRanges: Range[] = [];
  if (runtime) {
    for (const p of [runtime.command.entrypoint, runtime.command.cmd])
      if (p?.instr && !commandRanges.includes(p.instr.range)) commandRanges.push(p.instr.range);
  }
  return {
    path,
    kind: 'dockerfile',
    runtime: runtime?.verdict ?? null,
    commandRanges,
    findings,
    ...(problems.length ? { problems } : {}),
  };
}
