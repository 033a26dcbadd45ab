// The RuleTester, in the style of ESLint's, for Dockerfile and compose rules alike: tables of
// valid and invalid cases. An invalid case names its findings and the text after the fix
// (the fix chosen by title prefix, or each finding's first, applied for every finding of the
// rule as `--fix` would). Every fix applied is also checked: the result parses no worse, the
// finding is gone on re-analysis, and the fix is not offered again (idempotent). Rules run
// strict: a rule that throws fails its test instead of silently reporting nothing.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDockerfile } from '../dockerfile/analyze';
import { analyzeCompose } from '../compose/index';
import { applyEdits } from '../fixes/apply';
import { parseProblems } from '../fixes/parse-quality';
import type { AnalysisOptions, BuildContext, Finding, Severity, TextEdit } from '../types';
import type { Rule } from './rule';

export interface ValidCase {
  name?: string;
  code: string;
  /** Build-context files beside a Dockerfile (relative path → text). */
  files?: Record<string, string>;
  options?: AnalysisOptions;
}

export interface ExpectedFinding {
  /** A substring of the message, or a pattern it matches. */
  message?: string | RegExp;
  severity?: Severity;
  /** 1-based line of the finding's start. */
  line?: number;
}

export interface InvalidCase extends ValidCase {
  /** Each expected finding of the rule, in order. */
  errors: ExpectedFinding[];
  /** Title prefix of the fix to apply; each finding's first fix when omitted. */
  fix?: string;
  /** The file after the fix; null: no finding offers a fix; undefined: not checked. */
  output?: string | null;
  /** Expected context files after the fix (edits that point into the build context). */
  filesOutput?: Record<string, string>;
  /** The applied fix is (or is not) applied by `--fix`. */
  preferred?: boolean;
}

const root = '/ctx/';

function fileFor(rule: Rule): string {
  return rule.meta.appliesTo === 'compose' ? `${root}compose.yaml` : `${root}Dockerfile`;
}

function contextOf(files: Record<string, string>): BuildContext {
  return { readFile: (p) => files[p], pathOf: (p) => `${root}${p}` };
}

export function findingsOf(
  rule: Rule,
  code: string,
  files: Record<string, string> = {},
  options: AnalysisOptions = {},
): Finding[] {
  const path = fileFor(rule);
  const analysis =
    rule.meta.appliesTo === 'compose'
      ? analyzeCompose(path, code, options, contextOf(files), true)
      : analyzeDockerfile(path, code, contextOf(files), options, true);
  return analysis.findings.filter((f) => f.rule === rule.meta.id);
}

/** Applies edits to the rule's file and the context files. */
export function applyFix(
  rule: Rule,
  code: string,
  files: Record<string, string>,
  edits: readonly TextEdit[],
): { code: string; files: Record<string, string> } {
  const out = { ...files };
  for (const [rel, text] of Object.entries(files)) {
    const mine = edits.filter((e) => e.path === `${root}${rel}`);
    if (mine.length) out[rel] = applyEdits(text, mine);
  }
  const path = fileFor(rule);
  return {
    code: applyEdits(
      code,
      edits.filter((e) => e.path === path),
    ),
    files: out,
  };
}

function caseName(c: ValidCase): string {
  return c.name ?? c.code.trim().split('\n').pop() ?? '';
}

function assertFinding(f: Finding, e: ExpectedFinding): void {
  if (typeof e.message === 'string')
    assert.ok(f.message.includes(e.message), `message "${f.message}" lacks "${e.message}"`);
  else if (e.message) assert.match(f.message, e.message);
  if (e.severity) assert.equal(f.severity, e.severity);
  if (e.line !== undefined) assert.equal(f.range.start.line + 1, e.line);
}

function runInvalid(rule: Rule, c: InvalidCase): void {
  const files = c.files ?? {};
  const found = findingsOf(rule, c.code, files, c.options);
  assert.equal(
    found.length,
    c.errors.length,
    `findings: ${found.map((f) => f.message).join(' | ')}`,
  );
  c.errors.forEach((e, i) => assertFinding(found[i]!, e));
  if (c.output === undefined && c.filesOutput === undefined) return;
  if (c.output === null) {
    assert.deepEqual(
      found.map((f) => f.fixes.map((x) => x.title)),
      found.map(() => []),
      'expected no fix',
    );
    return;
  }
  const chosen = found.map((f) => {
    const fix = c.fix ? f.fixes.find((x) => x.title.startsWith(c.fix!)) : f.fixes[0];
    assert.ok(
      fix,
      `no fix "${c.fix ?? '(first)'}" among: ${f.fixes.map((x) => x.title).join(', ')}`,
    );
    if (c.preferred !== undefined) assert.equal(fix.preferred, c.preferred, fix.title);
    return fix;
  });
  const after = applyFix(
    rule,
    c.code,
    files,
    chosen.flatMap((fix) => fix.edits),
  );
  if (c.output !== undefined) assert.equal(after.code, c.output);
  for (const [rel, text] of Object.entries(c.filesOutput ?? {}))
    assert.equal(after.files[rel], text, rel);
  const role = rule.meta.appliesTo;
  assert.ok(
    parseProblems(role, after.code) <= parseProblems(role, c.code),
    `the fixed file parses worse:\n${after.code}`,
  );
  found.forEach((f, i) => assertFixSound(rule, c.code, files, f, chosen[i]!.title, c.options));
}

export function ruleTester(
  rule: Rule,
  cases: { valid: ValidCase[]; invalid: InvalidCase[] },
): void {
  describe(rule.meta.id, () => {
    for (const c of cases.valid)
      test(`valid: ${caseName(c)}`, () => {
        const found = findingsOf(rule, c.code, c.files ?? {}, c.options);
        assert.deepEqual(
          found.map((f) => f.message),
          [],
          'expected no finding',
        );
      });
    for (const c of cases.invalid) test(`invalid: ${caseName(c)}`, () => runInvalid(rule, c));
  });
}

/** The fix's finding is gone on re-analysis and the fix is no longer offered (idempotent). */
export function assertFixSound(
  rule: Rule,
  code: string,
  files: Record<string, string>,
  finding: Finding,
  title: string,
  options?: AnalysisOptions,
): void {
  const fix = finding.fixes.find((f) => f.title === title)!;
  const after = applyFix(rule, code, files, fix.edits);
  const again = findingsOf(rule, after.code, after.files, options);
  assert.ok(
    !again.some((f) => f.message === finding.message),
    `finding still there after "${title}": ${again.map((f) => f.message).join(' | ')}\n${after.code}`,
  );
  // Idempotent: the same fix is not offered again, so a second --fix changes nothing.
  for (const f of again)
    assert.ok(!f.fixes.some((x) => x.title === title), `"${title}" offered again`);
}
