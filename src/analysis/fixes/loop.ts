// The --fix loop, in the domain (as ESLint keeps SourceCodeFixer in its core): analyse, take
// one fix per finding (by default its preferred one), drop fixes whose edits conflict with one
// already taken or that would leave a file parsing worse than before, apply them, and analyse
// again until no finding offers such a fix (at most `maxFixPasses` passes). So `CMD node
// server.js` on a Debian base first becomes exec form, and then, now that node is PID 1 and
// ignores SIGTERM, gets tini in front of it.
import type { FileAnalysis, Finding, Fix, TextEdit } from '../types';
import { isComposeFile, isDockerfile } from '../file-kinds';
import { applyEdits, editsConflict } from './apply';
import { parseProblems, type FileRole } from './parse-quality';

/** Passes over one file before giving up on reaching a stable text (ESLint uses 10 too). */
export const maxFixPasses = 10;

export interface FixEnvironment {
  /** A file's text as read before any fix; undefined when it cannot be read. */
  readOriginal(path: string): string | undefined;
  /** Analyse `path` as it reads now; `fixed` holds the texts changed so far (for its build context). */
  analyze(path: string, text: string, fixed: ReadonlyMap<string, string>): FileAnalysis;
  /** The fix to apply for a finding (default: its preferred fix). */
  choose?(finding: Finding): Fix | undefined;
}

export interface AppliedFix {
  path: string;
  /** 0-based line of the finding. */
  line: number;
  rule: string;
  title: string;
}

export interface RefusedFix extends AppliedFix {
  reason: string;
}

export interface FixOutcome {
  applied: AppliedFix[];
  refused: RefusedFix[];
  /** False when fixes still changed the file after the last pass (or went round in a circle). */
  stable: boolean;
}

export function preferredFix(finding: Finding): Fix | undefined {
  return finding.fixes.find((f) => f.preferred && f.edits.length > 0);
}

function roleOf(path: string, analysed: FileAnalysis): FileRole {
  if (path === analysed.path) return analysed.kind;
  if (isComposeFile(path)) return 'compose';
  return isDockerfile(path) ? 'dockerfile' : 'script';
}

function byPath(edits: readonly TextEdit[]): Map<string, TextEdit[]> {
  const out = new Map<string, TextEdit[]>();
  for (const e of edits) out.set(e.path, [...(out.get(e.path) ?? []), e]);
  return out;
}

/** Why applying these edits would hurt (unreadable target, worse parse), or null when it would not. */
function harm(
  edits: readonly TextEdit[],
  analysed: FileAnalysis,
  textOf: (path: string) => string | undefined,
): string | null {
  for (const [path, mine] of byPath(edits)) {
    const before = textOf(path);
    if (before === undefined) return `cannot read ${path}`;
    const role = roleOf(path, analysed);
    if (parseProblems(role, applyEdits(before, mine)) > parseProblems(role, before))
      return `the result would not parse as well as ${path} does now`;
  }
  return null;
}

/** One pass: the fixes taken, or null when no finding offers one. */
function onePass(
  analysis: FileAnalysis,
  env: FixEnvironment,
  textOf: (path: string) => string | undefined,
  refused: RefusedFix[],
): { fix: AppliedFix; edits: TextEdit[] }[] {
  const choose = env.choose ?? preferredFix;
  const taken: { fix: AppliedFix; edits: TextEdit[] }[] = [];
  const edits: TextEdit[] = [];
  for (const finding of analysis.findings) {
    const fix = choose(finding);
    if (!fix || fix.edits.length === 0) continue;
    if (fix.edits.some((e) => edits.some((a) => editsConflict(a, e)))) continue; // next pass
    const entry = {
      path: analysis.path,
      line: finding.range.start.line,
      rule: finding.rule,
      title: fix.title,
    };
    const why = harm(fix.edits, analysis, textOf);
    if (why) {
      if (!refused.some((r) => r.rule === entry.rule && r.title === entry.title))
        refused.push({ ...entry, reason: why });
      continue;
    }
    taken.push({ fix: entry, edits: fix.edits });
    edits.push(...fix.edits);
  }
  return taken;
}

/**
 * Fixes one file until stable. `fixed` is the working copy shared across files (path → text
 * after the fixes so far); the caller writes every entry that differs from its original.
 */
export function fixUntilStable(
  path: string,
  env: FixEnvironment,
  fixed: Map<string, string>,
  passes = maxFixPasses,
): FixOutcome {
  const applied: AppliedFix[] = [];
  const refused: RefusedFix[] = [];
  const textOf = (p: string): string | undefined => fixed.get(p) ?? env.readOriginal(p);
  const seen = new Set<string>();
  for (let pass = 0; pass < passes; pass++) {
    const text = textOf(path);
    if (text === undefined) return { applied, refused, stable: true };
    // The state is every text fixed so far (a fix may edit only the entrypoint script).
    const state = JSON.stringify([text, ...fixed]);
    if (seen.has(state)) return { applied, refused, stable: false }; // a circle
    seen.add(state);
    const analysis = env.analyze(path, text, fixed);
    let taken = onePass(analysis, env, textOf, refused);
    if (taken.length === 0) return { applied, refused, stable: true };
    // Each fix was checked alone; together they must not hurt either, else take only the first.
    if (
      harm(
        taken.flatMap((t) => t.edits),
        analysis,
        textOf,
      )
    )
      taken = taken.slice(0, 1);
    const all = taken.flatMap((t) => t.edits);
    let changed = false;
    for (const [target, mine] of byPath(all)) {
      const before = textOf(target)!;
      const after = applyEdits(before, mine);
      if (after !== before) {
        fixed.set(target, after);
        changed = true;
      }
    }
    if (!changed) return { applied, refused, stable: true };
    applied.push(...taken.map((t) => t.fix));
  }
  return { applied, refused, stable: false };
}
