// Entry point of the analysis domain. Adapters call analyzeFile() and nothing deeper.
import type { AnalysisOptions, BuildContext, FileAnalysis } from './types';
import { analyzeCompose } from './compose/index';
import { analyzeDockerfile } from './dockerfile/analyze';
import { isComposeFile } from './file-kinds';

export * from './types';
export { applyEdits } from './fixes/apply';
export { isComposeFile, isDockerfile } from './file-kinds';
export { composeRules, dockerfileRules, ruleMeta, rules } from './rules/registry';
export type { Rule, RuleMeta, RuleTarget } from './rules/rule';

/** Never throws: a file that cannot be analysed yields no verdict and no findings. */
export function analyzeFile(
  path: string,
  text: string,
  context: BuildContext,
  options: AnalysisOptions = {},
): FileAnalysis {
  const kind = isComposeFile(path) ? 'compose' : 'dockerfile';
  try {
    return kind === 'compose'
      ? analyzeCompose(path, text, options, context)
      : analyzeDockerfile(path, text, context, options);
  } catch {
    return { path, kind, runtime: null, commandRanges: [], findings: [] };
  }
}
