// The server's pure parts: verdict words, settings parsing, suppression edits, build context.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { RuntimeVerdict } from '../../../src/analysis/types';
import { createBuildContext, resolveInContext } from '../../../src/shared/build-context';
import {
  dockerfileSuppressionEdit,
  instructionStartLine,
  rangesOverlap,
  suppressionEdit,
} from '../../../src/server/codeActions';
import { analyzeFile, noBuildContext } from '../../../src/analysis';
import { lintedKindOf } from '../../../src/server/documents';
import { parseSettings } from '../../../src/server/settings';
import { verdictMarkdown, verdictTitle } from '../../../src/server/verdictSummary';

const base: RuntimeVerdict = {
  pid1: { program: 'node', argv: ['node', 'server.js'] },
  viaShell: true,
  gracefulStop: false,
  reapsZombies: false,
  init: null,
  reasons: ['BusyBox ash -c execs a single simple command', 'node has no SIGTERM handler'],
};

describe('verdict words', () => {
  test('the title line, as in the issue', () => {
    assert.equal(
      verdictTitle(base),
      'PID 1: node (via /bin/sh -c) · stop: SIGKILL after 10 s · zombies: not reaped',
    );
    assert.equal(
      verdictTitle({
        ...base,
        pid1: { program: 'sh', argv: ['/bin/sh', '-c', 'node server.js'] },
        reapsZombies: null,
      }),
      'PID 1: sh -c (the shell stays) · stop: SIGKILL after 10 s · zombies: unknown',
    );
    assert.equal(
      verdictTitle({
        ...base,
        pid1: { program: 'tini', argv: ['tini', '--', 'node', 'server.js'] },
        viaShell: false,
        init: 'tini',
        gracefulStop: true,
        reapsZombies: true,
      }),
      'PID 1: tini · stop: graceful · zombies: reaped',
    );
    assert.equal(
      verdictTitle({ ...base, pid1: null, gracefulStop: null, reapsZombies: null }),
      'PID 1: unknown · stop: unknown · zombies: unknown',
    );
    assert.equal(verdictTitle(null), 'PID 1: not analysed');
  });

  test('the explanation lists the facts, the reasons in order and links to rule pages', () => {
    const md = verdictMarkdown(
      { ...base, pid1: { program: 'node', argv: ['node', 'a b.js', '`x`'] } },
      [{ rule: 'pid1-ignores-sigterm', message: 'node ignores *SIGTERM*' }],
      (rule) => (rule === 'pid1-ignores-sigterm' ? 'file:///docs/rules/p.md' : undefined),
    );
    assert.match(md, /^\*\*PID 1: node \\\(via \/bin\/sh -c\\\)\*\*/);
    assert.match(md, /PID 1 runs: ``node "a b.js" "`x`"``/);
    assert.match(md, /1\. BusyBox ash -c execs a single simple command\n2\. node has no SIGTERM/);
    assert.match(
      md,
      /- \[pid1-ignores-sigterm\]\(file:\/\/\/docs\/rules\/p\.md\): node ignores \\\*SIGTERM\\\*/,
    );
    assert.match(
      verdictMarkdown(null, [], () => undefined),
      /not analysed/,
    );
  });

  test('code spans the engine writes stay code; the text around them is escaped', () => {
    const md = verdictMarkdown(
      { ...base, reasons: ['`docker stop` sends *TERM*', 'a lone ` stays literal'] },
      [{ rule: 'shell-pid1', message: 'use `exec node server.js` (see [x])' }],
      () => undefined,
    );
    assert.match(md, /1\. `docker stop` sends \\\*TERM\\\*/);
    assert.match(md, /2\. a lone \\` stays literal/);
    assert.match(md, /: use `exec node server\.js` \\\(see \\\[x\\\]\\\)/);
  });
});

describe('settings', () => {
  test('reads rules and the CodeLens switch, ignoring bad values', () => {
    assert.deepEqual(parseSettings(undefined), { rules: {}, verdict: { codeLens: true } });
    assert.deepEqual(
      parseSettings({
        rules: { 'shell-pid1': 'off', 'jvm-fixed-heap': 'error', x: 'loud', y: 3 },
        verdict: { codeLens: false },
      }),
      { rules: { 'shell-pid1': 'off', 'jvm-fixed-heap': 'error' }, verdict: { codeLens: false } },
    );
    assert.deepEqual(parseSettings({ containerDoctor: { rules: { a: 'hint' } } }), {
      rules: { a: 'hint' },
      verdict: { codeLens: true },
    });
    assert.deepEqual(parseSettings({ 'verdict.codeLens': false }).verdict, { codeLens: false });
    assert.deepEqual(parseSettings([1, 2]).rules, {});
  });
});

describe('suppression edit', () => {
  test('a comment line above, indented like the line, with its line ending', () => {
    const doc = TextDocument.create(
      'file:///c.yaml',
      'yaml',
      1,
      'services:\r\n  api:\r\n    image: x\r\n',
    );
    assert.deepEqual(suppressionEdit(doc, 1, 'compose-no-memory-limit'), {
      range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } },
      newText: '  # container-doctor-ignore compose-no-memory-limit\r\n',
    });
  });

  test('ranges that touch overlap (a cursor at the end of a squiggle gets its fixes)', () => {
    const r = (a: number, b: number) => ({
      start: { line: 0, character: a },
      end: { line: 0, character: b },
    });
    assert.ok(rangesOverlap(r(0, 5), r(5, 5)));
    assert.ok(rangesOverlap(r(2, 3), r(0, 9)));
    assert.ok(!rangesOverlap(r(0, 5), r(6, 7)));
  });
});

describe('Dockerfile suppression edits, checked by the engine itself', () => {
  const rulesAt = (text: string) =>
    analyzeFile('/w/Dockerfile', text, noBuildContext).findings.map(
      (f) => `${f.rule}@${f.range.start.line}`,
    );
  const disable = (text: string, rule: string): string => {
    const finding = analyzeFile('/w/Dockerfile', text, noBuildContext).findings.find(
      (f) => f.rule === rule,
    );
    assert.ok(finding, `${rule} in ${rulesAt(text).join(', ')}`);
    const doc = TextDocument.create('file:///w/Dockerfile', 'dockerfile', 1, text);
    const edit = dockerfileSuppressionEdit(doc, finding.range.start.line, rule);
    return TextDocument.applyEdits(doc, [edit]);
  };

  test('a finding on a continuation line: the comment goes above the instruction', () => {
    const text =
      'FROM eclipse-temurin:17\nENV JAVA_OPTS="-Xms512m \\\n    -XX:+UseG1GC \\\n    -Xmx2g"\nCMD ["java", "-jar", "app.jar"]\n';
    assert.deepEqual(rulesAt(text), ['jvm-fixed-heap@3']);
    const suppressed = disable(text, 'jvm-fixed-heap');
    assert.ok(
      suppressed.startsWith(
        'FROM eclipse-temurin:17\n# container-doctor-ignore jvm-fixed-heap\nENV',
      ),
    );
    assert.deepEqual(rulesAt(suppressed), []);
  });

  test('a second rule on the same instruction joins the existing comment', () => {
    const text = 'FROM debian:12\nCMD java \\\n  -Xmx2g \\\n  -jar app.jar\n';
    assert.deepEqual(rulesAt(text).sort(), ['jvm-fixed-heap@2', 'shell-pid1@1']);
    const once = disable(text, 'shell-pid1');
    const twice = disable(once, 'jvm-fixed-heap');
    assert.equal(
      twice,
      'FROM debian:12\n# container-doctor-ignore shell-pid1 jvm-fixed-heap\nCMD java \\\n  -Xmx2g \\\n  -jar app.jar\n',
    );
    assert.deepEqual(rulesAt(twice), []);
  });

  test('the escape directive and comments inside a continuation', () => {
    const doc = (t: string) => TextDocument.create('file:///w/Dockerfile', 'dockerfile', 1, t);
    assert.equal(instructionStartLine(doc('# escape=`\nFROM x\nRUN a `\n  b\n'), 3), 2);
    assert.equal(instructionStartLine(doc('FROM x\nRUN a \\\n# note\n\n  b\n'), 4), 1);
    assert.equal(instructionStartLine(doc('FROM x\n# a comment \\\nRUN b\n'), 2), 2);
    assert.equal(instructionStartLine(doc('FROM x\nRUN b\n'), 1), 1);
  });
});

describe('documents the server lints', () => {
  test('by language id and by file name', () => {
    const kind = (uri: string, languageId: string) => lintedKindOf({ uri, languageId });
    assert.equal(kind('file:///w/Dockerfile', 'dockerfile'), 'dockerfile');
    assert.equal(kind('file:///w/build.docker', 'dockerfile'), 'dockerfile');
    assert.equal(kind('file:///w/api.Dockerfile', 'plaintext'), 'dockerfile');
    assert.equal(kind('untitled:Untitled-1', 'dockerfile'), 'dockerfile');
    assert.equal(kind('file:///w/compose.yaml', 'yaml'), 'compose');
    assert.equal(kind('file:///w/docker-compose.prod.yml', 'dockercompose'), 'compose');
    assert.equal(kind('file:///w/values.yaml', 'yaml'), undefined);
    assert.equal(kind('file:///w/entrypoint.sh', 'shellscript'), undefined);
  });
});

describe('build context', () => {
  test('open buffers win over the disk, paths stay inside the context, reads are recorded', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cdoc-ctx-'));
    try {
      writeFileSync(path.join(dir, 'entrypoint.sh'), 'on disk');
      writeFileSync(path.join(dir, 'other.sh'), 'other on disk');
      const context = createBuildContext(
        dir,
        new Map([[path.join(dir, 'entrypoint.sh'), 'in the editor']]),
      );
      assert.equal(context.readFile('./entrypoint.sh'), 'in the editor');
      assert.equal(context.readFile('/other.sh'), 'other on disk');
      assert.equal(context.readFile('missing.sh'), undefined);
      assert.equal(context.readFile('../outside'), undefined);
      assert.equal(context.pathOf('entrypoint.sh'), path.join(dir, 'entrypoint.sh'));
      assert.deepEqual(
        [...context.requested].sort(),
        ['entrypoint.sh', 'missing.sh', 'other.sh'].map((f) => path.join(dir, f)),
      );
      assert.equal(resolveInContext(dir, 'a/../../b'), undefined);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
