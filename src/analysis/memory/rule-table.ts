// Tests only: the compose RuleTester's tables for the memory rules, whose findings offer two
// fixes (size the heap, raise the limit). The first (preferred) fix is applied; its output
// must parse, and re-analysis must find nothing more of the rule.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDocument } from '../../shared/yaml';
import type { AnalysisOptions, Finding } from '../types';
import { analyzeCompose } from '../compose/index';
import { applyEdits } from '../fixes/apply';

export { applyEdits };

export interface InvalidCase {
  name: string;
  code: string;
  /** How many findings of the rule (default 1). */
  count?: number;
  /** Each finding's message contains this. */
  message?: string;
  /** The text after applying the first fix of every finding; null: no fix is offered. */
  output: string | null;
  preferred?: boolean;
  options?: AnalysisOptions;
}

export interface ValidCase {
  name: string;
  code: string;
  options?: AnalysisOptions;
}

/** The rule's findings on a compose text, run strict (a rule that throws fails the test). */
export function ruleFindings(rule: string, code: string, options?: AnalysisOptions): Finding[] {
  return analyzeCompose('compose.yaml', code, options, undefined, true).findings.filter(
    (f) => f.rule === rule,
  );
}

export function runHeapRuleTable(
  rule: string,
  table: { valid: ValidCase[]; invalid: InvalidCase[] },
): void {
  for (const c of table.valid)
    test(`valid: ${c.name}`, () => assert.deepEqual(ruleFindings(rule, c.code, c.options), []));
  for (const c of table.invalid)
    test(`invalid: ${c.name}`, () => {
      const findings = ruleFindings(rule, c.code, c.options);
      assert.equal(findings.length, c.count ?? 1, JSON.stringify(findings, null, 1));
      for (const f of findings) if (c.message) assert.match(f.message, new RegExp(c.message));
      if (c.output === null) {
        assert.deepEqual(
          findings.map((f) => f.fixes),
          findings.map(() => []),
        );
        return;
      }
      for (const f of findings)
        if (c.preferred !== undefined) assert.equal(f.fixes[0]?.preferred, c.preferred);
      const output = applyEdits(
        c.code,
        findings.flatMap((f) => f.fixes[0]?.edits ?? []),
      );
      assert.equal(output, c.output);
      assert.deepEqual(parseDocument(output).errors, [], 'the fixed file parses');
      assert.deepEqual(ruleFindings(rule, output, c.options), [], 'the finding is gone');
      for (const f of findings)
        for (const fix of f.fixes.slice(1)) {
          const other = applyEdits(c.code, fix.edits);
          assert.deepEqual(ruleFindings(rule, other, c.options), [], `after "${fix.title}"`);
        }
    });
}
