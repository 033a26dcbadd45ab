// Dockerfile → FileAnalysis: parse once, resolve PID 1 once, run every rule on the result.
import type {
  AnalysisOptions,
  BuildContext,
  FileAnalysis,
  Finding,
  Range,
  Severity,
} from '../types';
import { parseDockerfile } from './model';
import { analyseRuntime } from '../runtime-model';
import { dockerfileRules } from '../rules/registry';
import type { Report, RuleContext } from '../rules/rule';

const rank: Record<Severity, number> = { error: 3, warning: 2, info: 1, hint: 0 };

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
  const findings: Finding[] = [];
  for (const rule of dockerfileRules) {
    const setting = options.rules?.[rule.meta.id];
    if (setting === 'off') continue;
    const ctx: RuleContext = {
      path,
      model,
      runtime,
      context,
      report(r: Report) {
        const line = r.range.start.line;
        const sup = model.suppressions.get(line);
        if (sup && (sup.has(rule.meta.id) || sup.has('*'))) return;
        let severity: Severity = setting ?? rule.meta.defaultSeverity;
        if (!setting && r.certain === false && rank[severity] > rank.info) severity = 'info';
        findings.push({
          rule: rule.meta.id,
          severity,
          message: r.message,
          path,
          range: r.range,
          fixes: r.fixes ?? [],
          related: r.related ?? [],
        });
      },
    };
    try {
      rule.check(ctx);
    } catch (e) {
      if (strict) throw e;
      // A rule that throws is skipped (the fuzz test shows none does).
    }
  }
  const commandRanges: Range[] = [];
  if (runtime) {
    for (const p of [runtime.command.entrypoint, runtime.command.cmd])
      if (p?.instr && !commandRanges.includes(p.instr.range)) commandRanges.push(p.instr.range);
  }
  return { path, kind: 'dockerfile', runtime: runtime?.verdict ?? null, commandRanges, findings };
}
