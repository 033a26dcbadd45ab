import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { existsSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { analyzeCompose, composeRules } from './index';
import { applyEdits } from '../fixes/apply';

const stack = [
  '# production stack',
  'x-logging: &logging',
  '  driver: json-file',
  'services:',
  '  api:',
  '    image: node:20',
  '    command: ["node", "server.js"]',
  '    logging: *logging',
  '  db:',
  '    image: postgres:16',
  '    deploy:',
  '      replicas: 1',
  '',
].join('\n');

describe('analyzeCompose', () => {
  test('returns a compose analysis with the findings of every rule', () => {
    const result = analyzeCompose('/w/compose.yaml', stack, {});
    assert.equal(result.kind, 'compose');
    assert.equal(result.runtime, null);
    assert.deepEqual(result.commandRanges, []);
    assert.deepEqual(
      result.findings.map((f) => `${f.rule}@${f.range.start.line}`),
      ['compose-node-without-init@4', 'compose-no-memory-limit@4', 'compose-no-memory-limit@8'],
    );
    for (const f of result.findings) {
      assert.equal(f.path, '/w/compose.yaml');
      for (const fix of f.fixes) for (const e of fix.edits) assert.equal(e.path, '/w/compose.yaml');
    }
  });

  test('all fixes together: parses, no findings left, comments and anchors kept, idempotent', () => {
    const first = analyzeCompose('compose.yaml', stack, {});
    const fixed = applyEdits(
      stack,
      first.findings.flatMap((f) => f.fixes[0].edits),
    );
    assert.deepEqual(parseDocument(fixed).errors, []);
    assert.deepEqual(analyzeCompose('compose.yaml', fixed, {}).findings, []);
    assert.ok(fixed.includes('# production stack\nx-logging: &logging\n'));
    assert.ok(fixed.includes('    logging: *logging\n'));
    // --fix applies only preferred fixes: init is, the memory placeholder is not.
    const preferred = first.findings.flatMap((f) =>
      f.fixes.filter((x) => x.preferred).flatMap((x) => x.edits),
    );
    const autoFixed = applyEdits(stack, preferred);
    const again = analyzeCompose('compose.yaml', autoFixed, {}).findings;
    assert.deepEqual(
      again.map((f) => f.rule),
      ['compose-no-memory-limit', 'compose-no-memory-limit'],
    );
    const twice = applyEdits(
      autoFixed,
      again.flatMap((f) => f.fixes.filter((x) => x.preferred).flatMap((x) => x.edits)),
    );
    assert.equal(twice, autoFixed);
  });

  test('CRLF: positions are the same as with LF', () => {
    const lf = analyzeCompose('c.yml', stack, {}).findings.map((f) => f.range);
    const crlf = analyzeCompose('c.yml', stack.replace(/\n/g, '\r\n'), {}).findings.map(
      (f) => f.range,
    );
    assert.deepEqual(crlf, lf);
  });

  test('an alias bomb or a multi-document file yields no findings and does not throw', () => {
    const bomb =
      'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n' +
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n' +
      'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nservices:\n  web:\n    image: nginx\n';
    assert.deepEqual(analyzeCompose('c.yml', bomb, {}).findings, []);
    const multi = 'services:\n  web:\n    image: nginx\n---\nservices: {}\n';
    assert.deepEqual(analyzeCompose('c.yml', multi, {}).findings, []);
  });

  test('random mutations of a compose file never throw (seeded)', () => {
    let seed = 20261122;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const pieces = [
      ':',
      ' ',
      '\n',
      '  ',
      '- ',
      '&a ',
      '*a',
      '<<: ',
      '#',
      '"',
      "'",
      '{',
      '[',
      '\r\n',
    ];
    for (let i = 0; i < 2000; i++) {
      const at = random(stack.length);
      const mutated =
        random(2) === 0
          ? stack.slice(0, at) + pieces[random(pieces.length)] + stack.slice(at)
          : stack.slice(0, at) + stack.slice(at + 1 + random(8));
      try {
        const result = analyzeCompose('c.yml', mutated, {});
        for (const f of result.findings)
          for (const fix of f.fixes) {
            const out = applyEdits(mutated, fix.edits);
            assert.deepEqual(parseDocument(out).errors, [], `fix output parses (seed case ${i})`);
          }
      } catch (e) {
        assert.fail(`case ${i} threw on ${JSON.stringify(mutated)}: ${String(e)}`);
      }
    }
  });

  test('rule ids are stable and documented', () => {
    assert.deepEqual(
      composeRules.map((r) => r.meta.id),
      [
        'compose-shell-command',
        'compose-node-without-init',
        'compose-no-memory-limit',
        'compose-heap-over-limit',
        'compose-heap-headroom',
        'compose-heap-ignores-limit',
      ],
    );
    for (const r of composeRules)
      assert.ok(existsSync(new URL(`../../../${r.meta.docsUrl}`, import.meta.url)), r.meta.id);
  });
});
