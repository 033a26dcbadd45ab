// The build context the adapters hand the engine: the Dockerfile's folder on disk, except that
// a text given in `overrides` is read in its place (the server: a file open in the editor, so an
// entrypoint.sh being edited counts as it is now; the CLI: a script a --fix pass edited but has
// not written yet). Every path asked for is recorded, so that the server can re-lint the
// Dockerfiles that read a file when it changes. Shared by src/server and src/cli.
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { BuildContext } from '../analysis/types';

/** Context files larger than this are treated as absent: the engine reads scripts and small sources. */
export const maxContextFileBytes = 1024 * 1024;

export interface RecordingBuildContext extends BuildContext {
  /** Absolute paths the engine asked for (present or not). */
  readonly requested: Set<string>;
}

/** The absolute path of a context-relative path, or undefined when it leaves the context. */
export function resolveInContext(root: string, relativePath: string): string | undefined {
  const cleaned = relativePath
    .replace(/\\/g, '/')
    .replace(/^(\.\/)+/, '')
    .replace(/^\/+/, '');
  const absolute = path.resolve(root, cleaned);
  const fromRoot = path.relative(root, absolute);
  if (fromRoot.startsWith('..') || path.isAbsolute(fromRoot)) return undefined;
  return absolute;
}

function readSmallTextFile(absolute: string): string | undefined {
  try {
    const stat = statSync(absolute);
    if (!stat.isFile() || stat.size > maxContextFileBytes) return undefined;
    return readFileSync(absolute, 'utf8');
  } catch {
    return undefined;
  }
}

export function createBuildContext(
  root: string,
  overrides: ReadonlyMap<string, string> = new Map(),
): RecordingBuildContext {
  const requested = new Set<string>();
  return {
    requested,
    readFile(relativePath: string): string | undefined {
      const absolute = resolveInContext(root, relativePath);
      if (!absolute) return undefined;
      requested.add(absolute);
      return overrides.get(absolute) ?? readSmallTextFile(absolute);
    },
    pathOf(relativePath: string): string {
      return resolveInContext(root, relativePath) ?? path.resolve(root, relativePath);
    },
  };
}
