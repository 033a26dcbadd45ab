// A RuleTester for compose rules (tests only): tables of valid files (no finding of
// the rule) and invalid files (findings, and the text after applying their fixes).
// Every fix output is re-checked: it parses, the finding is gone, and the rule
// offers nothing more, so applying the fix twice changes nothing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDocument } from 'yaml';
import type { AnalysisOptions, Finding, Position, TextEdit } from '../types';
import { analyzeCompose } from './index';
import { lineStartsOf } from './document';

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

function offsetOf(lineStarts: number[], p: Position): number {
  return lineStarts[p.line] + p.character;
}

export function applyEdits(text: string, edits: TextEdit[]): string {
  const lineStarts = lineStartsOf(text);
  const sorted = [...edits].sort(
    (a, b) => offsetOf(lineStarts, b.range.start) - offsetOf(lineStarts, a.range.start),
  );
  let out = text;
  for (const e of sorted) {
    out =
      out.slice(0, offsetOf(lineStarts, e.range.start)) +
      e.newText +
      out.slice(offsetOf(lineStarts, e.range.end));
  }
  return out;
}

export function ruleFindings(rule: string, code: string, options?: AnalysisOptions): Finding[] {
  return analyzeCompose('compose.yaml', code, options).findings.filter((f) => f.rule === rule);
}

export function runRuleTable(
  rule: string,
  table: { valid: ValidCase[]; invalid: InvalidCase[] },
): void {
  for (const c of table.valid) {
    test(`valid: ${c.name}`, () => {
      assert.deepEqual(ruleFindings(rule, c.code, c.options), []);
    });
  }
  for (const c of table.invalid) {
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
      const edits = findings.flatMap((f) => f.fixes[0]?.edits ?? []);
      for (const f of findings) {
        assert.equal(f.fixes.length, 1);
        if (c.preferred !== undefined) assert.equal(f.fixes[0].preferred, c.preferred);
      }
      const output = applyEdits(c.code, edits);
      assert.equal(output, c.output);
      assert.deepEqual(parseDocument(output).errors, [], 'the fixed file parses');
      assert.deepEqual(ruleFindings(rule, output, c.options), [], 'the finding is gone');
    });
  }
}
