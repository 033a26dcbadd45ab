// The build context the adapters hand the engine: a folder on disk, except that a text given in
// `overrides` is read in its place (the server: a file open in the editor, so an entrypoint.sh
// being edited counts as it is now; the CLI: a script a --fix pass edited but has not written
// yet). Which folder: the one the caller names (`lint --context DIR`, like `docker build`'s
// context argument), else the one a compose, Bake or dev container file builds the Dockerfile
// with (src/analysis/context-discovery.ts), else the Dockerfile's folder; the context says
// which and why. Files the context's `.dockerignore` excludes are not there for COPY, so they
// are not there for the engine either. Every path asked for is recorded, so that the server
// can re-lint the Dockerfiles that read a file when it changes. Shared by src/server and src/cli.
import dockerignore from '@balena/dockerignore';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import {
  discoverBuildContext,
  type ContextChoice,
  type DiscoveryFiles,
} from '../analysis/context-discovery';
import type { BuildContext, FileAnalysis } from '../analysis/types';

/** Context files larger than this are treated as absent: the engine reads scripts and small sources. */
export const maxContextFileBytes = 1024 * 1024;

export interface RecordingBuildContext extends BuildContext {
  /** Absolute paths the engine asked for (present or not), and the files that chose the context. */
  readonly requested: Set<string>;
  /** Absolute path of the context's root folder. */
  readonly root: string;
  /** Why this folder ("compose.yaml service api: build.context ../..", "--context"). */
  readonly reason: string;
  /** The ignore file applied (absolute), null when the context has none. */
  readonly ignoreFile: string | null;
}

export interface BuildContextOptions {
  /** Why `root` is the context (shown in the hover and the CLI). */
  reason?: string;
  /**
   * The Dockerfile being built: BuildKit reads `<Dockerfile>.dockerignore` beside it before the
   * context's `.dockerignore` (Docker docs, "Dockerfile-specific ignore files").
   */
  dockerfile?: string;
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

function listDir(absolute: string): string[] {
  try {
    return readdirSync(absolute);
  } catch {
    return [];
  }
}

/** Which ignore file Docker applies, and a test for context-relative paths it excludes. */
function ignoreRules(
  root: string,
  dockerfile: string | undefined,
  read: (absolute: string) => string | undefined,
): { file: string | null; ignores: (relative: string) => boolean } {
  const candidates = [
    ...(dockerfile ? [`${path.resolve(dockerfile)}.dockerignore`] : []),
    path.join(root, '.dockerignore'),
  ];
  for (const file of candidates) {
    const text = read(file);
    if (text === undefined) continue;
    const matcher = dockerignore().add(text.split(/\r?\n/));
    return {
      file,
      ignores: (relative) => {
        const clean = path.posix.normalize(relative.replace(/\\/g, '/')).replace(/^(\.\/)+/, '');
        return clean !== '' && clean !== '.' && matcher.ignores(clean);
      },
    };
  }
  return { file: null, ignores: () => false };
}

export function createBuildContext(
  root: string,
  overrides: ReadonlyMap<string, string> = new Map(),
  options: BuildContextOptions = {},
): RecordingBuildContext {
  const requested = new Set<string>();
  // An ignore file that exists is a dependency (editing it changes what COPY sees).
  const read = (absolute: string): string | undefined => {
    const text = overrides.get(absolute) ?? readSmallTextFile(absolute);
    if (text !== undefined) requested.add(absolute);
    return text;
  };
  const ignore = ignoreRules(root, options.dockerfile, read);
  return {
    requested,
    root,
    reason: options.reason ?? 'the folder given as the build context',
    ignoreFile: ignore.file,
    readFile(relativePath: string): string | undefined {
      const absolute = resolveInContext(root, relativePath);
      if (!absolute) return undefined;
      requested.add(absolute);
      if (ignore.ignores(path.relative(root, absolute))) return undefined;
      return overrides.get(absolute) ?? readSmallTextFile(absolute);
    },
    pathOf(relativePath: string): string {
      return resolveInContext(root, relativePath) ?? path.resolve(root, relativePath);
    },
  };
}

export interface ContextFor {
  /** The context folder named by the user (CLI `--context`, a setting); skips the discovery. */
  root?: string;
  /** Why `root` (default: "--context <root>"). */
  rootReason?: string;
  /** Where the discovery stops walking up (a workspace folder); default: the repository root. */
  stopAt?: string;
}

/**
 * The build context of the Dockerfile at `dockerfilePath`: the folder named in `choice.root`,
 * else the one a compose, Bake or dev container file builds it with, else its own folder.
 * The definitions read are recorded as dependencies (editing compose.yaml re-lints).
 */
export function buildContextFor(
  dockerfilePath: string,
  overrides: ReadonlyMap<string, string> = new Map(),
  choice: ContextFor = {},
): RecordingBuildContext {
  const dockerfile = path.resolve(dockerfilePath);
  if (choice.root !== undefined) {
    const root = path.resolve(choice.root);
    return createBuildContext(root, overrides, {
      dockerfile,
      reason: choice.rootReason ?? `--context ${choice.root}`,
    });
  }
  const read: string[] = [];
  const files: DiscoveryFiles = {
    readText: (absolute) => {
      read.push(absolute);
      return overrides.get(absolute) ?? readSmallTextFile(absolute);
    },
    listDir,
  };
  const found: ContextChoice = discoverBuildContext(dockerfile, files, { stopAt: choice.stopAt });
  const context = createBuildContext(found.root, overrides, { dockerfile, reason: found.reason });
  for (const file of read) context.requested.add(file);
  return context;
}

/** The analysis with the context it used, for the hover and the CLI (`FileAnalysis.buildContext`). */
export function withBuildContext(
  analysis: FileAnalysis,
  context: RecordingBuildContext,
): FileAnalysis {
  if (analysis.kind !== 'dockerfile') return analysis;
  return { ...analysis, buildContext: { root: context.root, reason: context.reason } };
}
