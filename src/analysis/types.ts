// The contracts of the analysis domain: what a Dockerfile or compose file
// means at runtime, and what is wrong with it. Positions are 0-based, as LSP.
// Adapters (server, CLI, extension) depend on these types only.

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** A replacement in a file; `path` is the file it applies to (a fix may edit an entrypoint script). */
export interface TextEdit {
  path: string;
  range: Range;
  newText: string;
}

export interface Fix {
  title: string;
  /** Safe to apply without looking (`--fix`, "preferred" code action). */
  preferred: boolean;
  edits: TextEdit[];
}

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export interface RelatedLocation {
  path: string;
  range: Range;
  message: string;
}

export interface Finding {
  /** Stable rule id, e.g. `shell-pid1`; its page is docs/rules/<rule>.md. */
  rule: string;
  severity: Severity;
  message: string;
  path: string;
  range: Range;
  fixes: Fix[];
  related: RelatedLocation[];
}

export type { RuntimeVerdict } from '../model/types';
import type { RuntimeVerdict } from '../model/types';

export interface FileAnalysis {
  path: string;
  kind: 'dockerfile' | 'compose';
  /** Null for compose files and for Dockerfiles whose final stage cannot be analysed (e.g. Windows images). */
  runtime: RuntimeVerdict | null;
  /**
   * The final stage's instructions that decide PID 1 (ENTRYPOINT and/or CMD), for the
   * hover and the verdict line; empty when the command is inherited or absent.
   */
  commandRanges: Range[];
  findings: Finding[];
  /**
   * The build context the Dockerfile was analysed with, and why that folder (a compose
   * service's `build.context`, a Bake target, a dev container, `--context`, or its own folder).
   * Set by the adapter that chose the context; absent for compose files and in-memory contexts.
   */
  buildContext?: { root: string; reason: string };
  /** Rules that threw on this file instead of reporting (absent or empty: every rule ran). */
  problems?: { rule: string; message: string }[];
}

/**
 * The files of the build context, read synchronously (the engine is pure and
 * fast; adapters decide where the files come from: disk, open editor buffers).
 * Paths are relative to the context root, with '/' separators.
 */
export interface BuildContext {
  readFile(relativePath: string): string | undefined;
  /** Absolute path (or URI path) of the context file, for findings and edits that point into it. */
  pathOf(relativePath: string): string;
}

export type RuleSetting = 'off' | Severity;

export interface AnalysisOptions {
  /** Per-rule override: 'off' disables, a severity replaces the rule's own. */
  rules?: Record<string, RuleSetting>;
}

export const noBuildContext: BuildContext = {
  readFile: () => undefined,
  pathOf: (p) => p,
};
