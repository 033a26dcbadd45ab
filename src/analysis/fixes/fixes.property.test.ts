// Every fix on every fixture, as issue #2 asks: the result still parses (exec forms stay
// valid JSON, scripts stay valid shell), its finding disappears on re-analysis, the fix is
// not offered again (a second --fix changes nothing), and comment lines survive.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeFile } from '../index';
import { applyEdits } from './apply';
import { parseDockerfile } from '../dockerfile/model';
import { parseShell } from '../../model/shell/ast';
import { CTX_ROOT, contextOf, loadFixtures } from '../testing/fixtures';

const DF = CTX_ROOT + 'Dockerfile';

function commentLines(text: string): string[] {
  return text.split(/\r?\n/).filter((l) => /^\s*#/.test(l));
}

describe('fix soundness on every fixture', () => {
  const fixtures = loadFixtures();
  test('the fixtures are there', () => assert.ok(fixtures.length >= 20));
  let applied = 0;
  for (const fx of fixtures) {
    test(fx.name, () => {
      const before = analyzeFile(DF, fx.dockerfile, contextOf(fx.files));
      for (const finding of before.findings) {
        for (const fix of finding.fixes) {
          applied++;
          const code = applyEdits(
            fx.dockerfile,
            fix.edits.filter((e) => e.path === DF),
          );
          const files = { ...fx.files };
          for (const [rel, text] of Object.entries(fx.files)) {
            const edits = fix.edits.filter((e) => e.path === CTX_ROOT + rel);
            if (edits.length) files[rel] = applyEdits(text, edits);
          }
          assert.ok(
            fix.edits.every(
              (e) => e.path === DF || Object.keys(fx.files).some((r) => CTX_ROOT + r === e.path),
            ),
            'edits point into the Dockerfile or its context',
          );
          const label = `${finding.rule} / ${fix.title}`;
          // Still parses: exec forms are JSON, edited scripts are shell.
          const model = parseDockerfile(code);
          for (const s of model.stages)
            for (const ins of s.instructions)
              if (
                (ins.keyword === 'CMD' || ins.keyword === 'ENTRYPOINT') &&
                ins.args.startsWith('[')
              )
                assert.ok(
                  ins.json,
                  `${label}: ${ins.keyword} ${ins.args} is no longer valid exec form`,
                );
          for (const [rel, text] of Object.entries(files))
            if (text !== fx.files[rel])
              assert.ok(parseShell(text), `${label}: ${rel} no longer parses`);
          // Comments kept.
          const kept = commentLines(code);
          for (const c of commentLines(fx.dockerfile))
            assert.ok(kept.includes(c), `${label}: lost comment ${c}`);
          // Finding gone, fix not offered again.
          const after = analyzeFile(DF, code, contextOf(files));
          assert.ok(
            !after.findings.some((f) => f.rule === finding.rule && f.message === finding.message),
            `${label}: finding still there\n${code}`,
          );
          for (const f of after.findings)
            assert.ok(
              !f.fixes.some((x) => x.title === fix.title),
              `${label}: offered again\n${code}`,
            );
        }
      }
    });
  }
  test('fixes were exercised', () => assert.ok(applied >= 15, `only ${applied} fixes applied`));
});
