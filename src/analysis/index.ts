// Entry point of the analysis domain. Adapters call analyzeFile() and nothing deeper.
import type { AnalysisOptions, BuildContext, FileAnalysis } from './types';
import { analyzeCompose } from './compose/index';
import { analyzeDockerfile } from './dockerfile/analyze';

export * from './types';
export { applyEdits } from './fixes/apply';
export { dockerfileRules } from './rules/registry';
export type { RuleMeta } from './rules/rule';

/** Is this path a compose file (by name)? */
export function isComposeFile(path: string): boolean {
  const base = path.split(/[\\/]/).pop() ?? '';
  return /^(docker-)?compose(\.[\w-]+)*\.ya?ml$/i.test(base);
}

/** Is this path a Dockerfile (by name)? Dockerfile, *.Dockerfile, Dockerfile.*, Containerfile(.*). */
export function isDockerfile(path: string): boolean {
  const base = path.split(/[\\/]/).pop() ?? '';
  return (
    /^(Dockerfile|Containerfile)(\..+)?$/i.test(base) || /\.(Dockerfile|Containerfile)$/i.test(base)
  );
}

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
