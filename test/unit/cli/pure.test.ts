// The lint command's pure parts: arguments, fail levels, edits, rule descriptions, paths.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyEdits as applyTextEdits, editsConflict } from '../../../src/analysis/fixes/apply';
import { parseLintArgs, reachesFailLevel } from '../../../src/cli/commands/lint';
import { displayPath } from '../../../src/cli/files';
import { relativeUri, ruleDescriptor, sarifRegion } from '../../../src/cli/format/sarif';
import { UsageError } from '../../../src/cli/io';

const at = (line: number, character: number) => ({ line, character });
const edit = (
  l1: number,
  c1: number,
  l2: number,
  c2: number,
  newText = '',
  p = '/w/Dockerfile',
) => ({
  path: p,
  range: { start: at(l1, c1), end: at(l2, c2) },
  newText,
});

describe('lint arguments', () => {
  test('defaults, values in both spellings, paths after --', () => {
    assert.deepEqual(parseLintArgs([]), {
      inputs: ['.'],
      format: 'text',
      fix: false,
      suppressAll: false,
      failLevel: 'warning',
      stdinFilename: undefined,
      help: false,
    });
    const p = parseLintArgs([
      'a',
      '--format=sarif',
      '--fail-level',
      'info',
      '--fix',
      '--',
      '--odd',
    ]);
    assert.deepEqual(p.inputs, ['a', '--odd']);
    assert.equal(p.format, 'sarif');
    assert.equal(p.failLevel, 'info');
    assert.equal(p.fix, true);
    assert.equal(
      parseLintArgs(['-', '--stdin-filename', 'x/Dockerfile']).stdinFilename,
      'x/Dockerfile',
    );
  });

  test('usage errors', () => {
    for (const args of [
      ['--nope'],
      ['--format', 'xml'],
      ['--format'],
      ['--fail-level', 'fatal'],
      ['--stdin-filename', 'Dockerfile'],
      ['-', '-'],
      ['-', '--fix'],
      ['--fix=yes'],
      ['--suppress-all'],
      ['--format', '--fix'],
    ])
      assert.throws(() => parseLintArgs(args), UsageError, args.join(' '));
  });

  test('fail levels', () => {
    assert.equal(reachesFailLevel('warning', 'warning'), true);
    assert.equal(reachesFailLevel('info', 'warning'), false);
    assert.equal(reachesFailLevel('error', 'warning'), true);
    assert.equal(reachesFailLevel('info', 'info'), true);
    assert.equal(reachesFailLevel('hint', 'info'), false);
    assert.equal(reachesFailLevel('error', 'none'), false);
  });
});

describe('edits', () => {
  test('applied from the end, on LF and CRLF texts, clamped to the line', () => {
    const text = 'FROM debian:12\r\nCMD node a.js\r\n';
    assert.equal(
      applyTextEdits(text, [edit(1, 4, 1, 13, '["node", "a.js"]'), edit(1, 0, 1, 0, '# x\r\n')]),
      'FROM debian:12\r\n# x\r\nCMD ["node", "a.js"]\r\n',
    );
    assert.equal(applyTextEdits('a\nb', [edit(1, 99, 1, 99, '!')]), 'a\nb!');
    assert.equal(applyTextEdits('a\n', [edit(5, 0, 5, 0, 'tail')]), 'a\ntail');
  });

  test('conflicts: overlapping ranges or two inserts at one place, same file only', () => {
    assert.ok(editsConflict(edit(1, 0, 1, 5), edit(1, 3, 1, 9)));
    assert.ok(editsConflict(edit(1, 0, 1, 0, 'a'), edit(1, 0, 1, 0, 'b')));
    assert.ok(!editsConflict(edit(1, 0, 1, 3), edit(1, 3, 1, 5)));
    assert.ok(!editsConflict(edit(1, 0, 1, 5), edit(1, 0, 1, 5, '', '/w/entrypoint.sh')));
  });
});

describe('report helpers', () => {
  test('SARIF rule descriptors come from the registry, not from the Markdown pages', () => {
    const d = ruleDescriptor('compose-no-memory-limit', 'info');
    assert.equal(d.shortDescription.text, 'A compose service without a memory limit');
    assert.match(d.fullDescription!.text, /OOM killer/);
    assert.equal(d.defaultConfiguration.level, 'warning'); // the rule's default, not the one seen
    assert.match(d.helpUri, /\/blob\/main\/docs\/rules\/compose-no-memory-limit\.md$/);
    assert.deepEqual(d.properties, { appliesTo: 'compose', fixable: true });
    // An id that is no rule of ours still gets a descriptor (level from the finding).
    assert.equal(ruleDescriptor('not-a-rule', 'error').defaultConfiguration.level, 'error');
  });

  test('SARIF regions are 1-based and URIs are encoded relative references', () => {
    assert.deepEqual(sarifRegion({ start: at(0, 0), end: at(2, 7) }), {
      startLine: 1,
      startColumn: 1,
      endLine: 3,
      endColumn: 8,
    });
    assert.equal(relativeUri('my app/Dockerfile'), 'my%20app/Dockerfile');
    assert.equal(relativeUri('<stdin>'), '%3Cstdin%3E');
  });

  test('paths are shown relative to the working directory', () => {
    assert.equal(displayPath('/w/a/Dockerfile', '/w'), 'a/Dockerfile');
    assert.equal(displayPath('/x/Dockerfile', '/w'), '../x/Dockerfile');
    assert.equal(displayPath('Dockerfile', '/w'), 'Dockerfile');
  });
});
