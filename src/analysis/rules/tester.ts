// A RuleTester in the style of ESLint's: tables of valid and invalid cases; an invalid case
// names the fix it applies (by title prefix) and the expected `output`. Every fix applied
// is also checked the way issue #2 asks: the result parses, the finding is gone on
// re-analysis, and re-applying finds nothing more to do.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeFile } from '../index';
import { applyEdits } from '../fixes/apply';
import type { BuildContext, Finding, Severity } from '../types';
import type { Rule } from './rule';

export interface ValidCase {
  name?: string;
  code: string;
  files?: Record<string, string>;
}

export interface InvalidCase extends ValidCase {
  /** Substrings of each expected finding's message, in order. */
  errors: { message?: string; severity?: Severity; line?: number }[];
  /** Title prefix of the fix to apply; the first fix when omitted and an output is given. */
  fix?: string;
  /** Expected Dockerfile after the fix; null: the finding offers no fix. */
  output?: string | null;
  /** Expected context files after the fix (edits that point into the build context). */
  filesOutput?: Record<string, string>;
}

const DOCKERFILE = '/ctx/Dockerfile';

function contextOf(files: Record<string, string>): BuildContext {
  return { readFile: (p) => files[p], pathOf: (p) => `/ctx/${p}` };
}

export function findingsOf(rule: Rule, code: string, files: Record<string, string>): Finding[] {
  return analyzeFile(DOCKERFILE, code, contextOf(files)).findings.filter(
    (f) => f.rule === rule.meta.id,
  );
}

/** Applies a fix's edits to the Dockerfile and the context files. */
export function applyFix(
  code: string,
  files: Record<string, string>,
  edits: Finding['fixes'][number]['edits'],
): { code: string; files: Record<string, string> } {
  const out = { ...files };
  for (const [rel, text] of Object.entries(files)) {
    const mine = edits.filter((e) => e.path === `/ctx/${rel}`);
    if (mine.length) out[rel] = applyEdits(text, mine);
  }
  return {
    code: applyEdits(
      code,
      edits.filter((e) => e.path === DOCKERFILE),
    ),
    files: out,
  };
}

export function ruleTester(
  rule: Rule,
  cases: { valid: ValidCase[]; invalid: InvalidCase[] },
): void {
  describe(rule.meta.id, () => {
    for (const c of cases.valid)
      test(`valid: ${c.name ?? c.code.trim().split('\n').pop()}`, () => {
        const found = findingsOf(rule, c.code, c.files ?? {});
        assert.deepEqual(
          found.map((f) => f.message),
          [],
          'expected no finding',
        );
      });
    for (const c of cases.invalid)
      test(`invalid: ${c.name ?? c.code.trim().split('\n').pop()}`, () => {
        const files = c.files ?? {};
        const found = findingsOf(rule, c.code, files);
        assert.equal(
          found.length,
          c.errors.length,
          `findings: ${found.map((f) => f.message).join(' | ')}`,
        );
        c.errors.forEach((e, i) => {
          const f = found[i]!;
          if (e.message)
            assert.ok(f.message.includes(e.message), `message "${f.message}" lacks "${e.message}"`);
          if (e.severity) assert.equal(f.severity, e.severity);
          if (e.line !== undefined) assert.equal(f.range.start.line + 1, e.line);
        });
        if (c.output === undefined && c.filesOutput === undefined) return;
        const finding = found[0]!;
        if (c.output === null) {
          assert.equal(
            finding.fixes.length,
            0,
            `unexpected fixes: ${finding.fixes.map((f) => f.title).join(', ')}`,
          );
          return;
        }
        const fix = c.fix
          ? finding.fixes.find((f) => f.title.startsWith(c.fix!))
          : finding.fixes[0];
        assert.ok(
          fix,
          `no fix "${c.fix ?? '(first)'}" among: ${finding.fixes.map((f) => f.title).join(', ')}`,
        );
        const after = applyFix(c.code, files, fix.edits);
        if (c.output !== undefined) assert.equal(after.code, c.output);
        for (const [rel, text] of Object.entries(c.filesOutput ?? {}))
          assert.equal(after.files[rel], text, rel);
        assertFixSound(rule, c.code, files, finding, fix.title);
      });
  });
}

/** The fix's finding is gone on re-analysis and the fix is no longer offered (idempotent). */
export function assertFixSound(
  rule: Rule,
  code: string,
  files: Record<string, string>,
  finding: Finding,
  title: string,
): void {
  const fix = finding.fixes.find((f) => f.title === title)!;
  const after = applyFix(code, files, fix.edits);
  const again = findingsOf(rule, after.code, after.files);
  assert.ok(
    !again.some((f) => f.message === finding.message),
    `finding still there after "${title}": ${again.map((f) => f.message).join(' | ')}\n${after.code}`,
  );
  // Idempotent: the same fix is not offered again, so a second --fix changes nothing.
  for (const f of again)
    assert.ok(!f.fixes.some((x) => x.title === title), `"${title}" offered again`);
}
