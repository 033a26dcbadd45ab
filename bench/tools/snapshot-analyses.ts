// Proof that an engine change keeps every output: runs analyzeFile() on every corpus file,
// every fixture (with its build context), every Dockerfile written in the rule tests (the
// literal `code`/`files` of their cases) and seeded mutations of all of them, and writes
// the whole FileAnalysis of each as one JSON file. Take one before a change and one after;
// the two must be byte-identical.
//
//   node --import tsx bench/tools/snapshot-analyses.ts /tmp/before.json
//   node --import tsx bench/tools/snapshot-analyses.ts /tmp/after.json
//   cmp /tmp/before.json /tmp/after.json
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { analyzeFile, noBuildContext, type BuildContext } from '../../src/analysis/index';
import { contextOf, loadFixtures } from '../../src/analysis/testing/fixtures';
import { loadCorpus } from '../lib/corpus';
import { seededRandom } from '../../src/analysis/testing/random';

const MUTATIONS = Number(process.env.SNAPSHOT_MUTATIONS ?? 3000);
const out = process.argv[2] ?? '/tmp/analyses.json';

interface Input {
  name: string;
  path: string;
  text: string;
  files: Record<string, string> | null;
}

const inputs: Input[] = [];
for (const f of loadCorpus())
  inputs.push({ name: `corpus/${f.name}`, path: `/bench/${f.name}`, text: f.text, files: null });
for (const f of loadFixtures())
  inputs.push({
    name: `fixture/${f.name}`,
    path: '/ctx/Dockerfile',
    text: f.dockerfile,
    files: f.files,
  });

// The rule tests' cases: object literals with a literal `code` (and optionally `files`).
const rulesDir = new URL('../../src/analysis/rules/', import.meta.url).pathname;
function literalText(e: ts.Expression): string | null {
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return e.text;
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const a = literalText(e.left);
    const b = literalText(e.right);
    return a !== null && b !== null ? a + b : null;
  }
  return null;
}
function literalFiles(e: ts.Expression): Record<string, string> | null {
  if (!ts.isObjectLiteralExpression(e)) return null;
  const files: Record<string, string> = {};
  for (const p of e.properties) {
    if (!ts.isPropertyAssignment(p)) return null;
    const key = ts.isIdentifier(p.name) || ts.isStringLiteral(p.name) ? p.name.text : null;
    const value = literalText(p.initializer);
    if (key === null || value === null) return null;
    files[key] = value;
  }
  return files;
}
for (const file of readdirSync(rulesDir)
  .filter((n) => n.endsWith('.test.ts'))
  .sort()) {
  const sf = ts.createSourceFile(
    file,
    readFileSync(join(rulesDir, file), 'utf8'),
    ts.ScriptTarget.Latest,
  );
  let n = 0;
  const visit = (node: ts.Node): void => {
    if (ts.isObjectLiteralExpression(node)) {
      let code: string | null = null;
      let files: Record<string, string> | null = {};
      for (const p of node.properties) {
        if (!ts.isPropertyAssignment(p) || !ts.isIdentifier(p.name)) continue;
        if (p.name.text === 'code') code = literalText(p.initializer);
        if (p.name.text === 'files') files = literalFiles(p.initializer);
      }
      if (code !== null && files !== null)
        inputs.push({
          name: `rule-test/${file}#${n++}`,
          path: '/ctx/Dockerfile',
          text: code,
          files,
        });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
}

// Seeded mutations: drop, duplicate and move lines, splice in lines of other inputs, cut
// characters, switch line endings. They reach the engine's odd paths (broken JSON, lone
// continuations, stray keywords) that hand-written inputs rarely do.
const r = seededRandom(20261122);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const base = [...inputs];
const allLines = base.flatMap((i) => i.text.split('\n'));
for (let m = 0; m < MUTATIONS; m++) {
  const from = pick(base);
  const lines = from.text.split('\n');
  const edits = 1 + Math.floor(r() * 5);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(r() * (lines.length + 1));
    const op = r();
    if (op < 0.25) lines.splice(at, 1 + Math.floor(r() * 3));
    else if (op < 0.45) lines.splice(at, 0, ...lines.slice(at, at + 1 + Math.floor(r() * 3)));
    else if (op < 0.75) lines.splice(at, 0, pick(allLines));
    else if (op < 0.9 && lines[at] !== undefined) {
      const s = lines[at]!;
      const c = Math.floor(r() * (s.length + 1));
      lines[at] = s.slice(0, c) + s.slice(c + 1 + Math.floor(r() * 4));
    } else if (lines.length > 1) {
      const [moved] = lines.splice(at % lines.length, 1);
      lines.splice(Math.floor(r() * lines.length), 0, moved!);
    }
  }
  const eol = r() < 0.1 ? '\r\n' : '\n';
  inputs.push({
    name: `mutation/${m}:${from.name}`,
    path: from.path,
    text: lines.join(eol),
    files: from.files,
  });
}

const snapshot = inputs.map((i) => {
  const context: BuildContext = i.files ? contextOf(i.files) : noBuildContext;
  return { name: i.name, analysis: analyzeFile(i.path, i.text, context, {}) };
});
writeFileSync(out, JSON.stringify(snapshot, null, 1) + '\n');
const findings = snapshot.reduce((n, s) => n + s.analysis.findings.length, 0);
const verdicts = snapshot.filter((s) => s.analysis.runtime !== null).length;
console.log(
  `${snapshot.length} analyses (${base.length} inputs + ${MUTATIONS} mutations), ` +
    `${findings} findings, ${verdicts} runtime verdicts -> ${out}`,
);
