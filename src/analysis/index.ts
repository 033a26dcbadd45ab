// Entry point of the analysis domain. Adapters call analyzeFile() and nothing deeper.
// (Skeleton: the engine lands with issue #2.)
import type { AnalysisOptions, BuildContext, FileAnalysis } from './types';

export * from './types';

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

export function analyzeFile(
  path: string,
  text: string,
  _context: BuildContext,
  _options: AnalysisOptions = {},
): FileAnalysis {
  return {
    path,
    kind: isComposeFile(path) ? 'compose' : 'dockerfile',
    runtime: null,
    commandRanges: [],
    findings: [],
  };
}
