// The plain-command fast path (parsePlainCommand) must say what mvdan-sh says: for every text
// it accepts, the program is the one the real parser gives, in both dialects, through the raw
// Go objects and the wrapper API. Inputs: the shell-form instructions of the lint corpus and
// the examples, and seeded random texts built from the accepted characters, keywords,
// declarations and assignments.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { parsePlainCommand, parseShellUncached } from './ast';

const repoRoot = path.join(__dirname, '..', '..', '..');

function dockerfiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) dockerfiles(p, out);
    else if (/Dockerfile/i.test(name)) out.push(p);
  }
  return out;
}

/** The shell-form text of every RUN, CMD and ENTRYPOINT line (continuations not joined). */
function corpusTexts(): string[] {
  const texts: string[] = [];
  for (const dir of ['bench/corpus', 'examples', 'test/fixtures/dockerfiles'])
    for (const file of dockerfiles(path.join(repoRoot, dir)))
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        const m = /^\s*(?:RUN|CMD|ENTRYPOINT)\s+(.*)$/i.exec(line);
        if (m && !m[1]!.startsWith('[')) texts.push(m[1]!.replace(/\\$/, ''));
      }
  return texts;
}

function seeded(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) & 0x7fffffff), s / 0x7fffffff);
}

function generatedTexts(count: number): string[] {
  const random = seeded(42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const vocabulary = [
    ...['node', 'server.js', 'npm', 'start', 'python', '-m', 'app', 'java', '-jar', '/app.jar'],
    ...['--max-old-space-size=4096', 'A=b', 'x+=1', 'exec', 'if', 'then', 'fi', 'for', 'in'],
    ...['do', 'done', 'while', 'case', 'esac', 'time', 'function', 'select', 'coproc', 'let'],
    ...['declare', 'export', 'local', 'readonly', 'typeset', '-', '--', '.', ':', '@', '%1'],
    ...['a,b', '+x', '1', '2', 'user@host:/p', '=', '==', 'a=', '=a', '_', 'f.o-o_1', 'elif'],
  ];
  const blanks = [' ', '  ', '\t', ' \t '];
  const texts: string[] = [];
  for (let i = 0; i < count; i++) {
    const words = Array.from({ length: 1 + Math.floor(random() * 5) }, () => pick(vocabulary));
    const lead = random() < 0.2 ? pick(blanks) : '';
    const trail = random() < 0.2 ? pick(blanks) : '';
    texts.push(lead + words.map((w, j) => (j ? pick(blanks) : '') + w).join('') + trail);
  }
  return [...texts, '', ' ', '\t'];
}

test('every text the plain-command path accepts parses the same with mvdan-sh', () => {
  const texts = [...new Set([...corpusTexts(), ...generatedTexts(3000)])];
  let accepted = 0;
  let declined = 0;
  for (const text of texts) {
    const plain = parsePlainCommand(text);
    if (!plain) {
      declined++;
      continue;
    }
    accepted++;
    for (const dialect of ['posix', 'bash'] as const)
      for (const viaRaw of [true, false])
        assert.deepEqual(
          parseShellUncached(text, dialect, viaRaw),
          plain,
          `${JSON.stringify(text)} (${dialect}, ${viaRaw ? 'raw' : 'wrapper'})`,
        );
  }
  // Not vacuous: the path takes most generated texts and leaves keywords and the like.
  assert.ok(accepted > 500, `accepted ${accepted}`);
  assert.ok(declined > 300, `declined ${declined}`);
});

test('the plain-command path declines what needs the real parser', () => {
  for (const text of [
    'A=b node app.js',
    'if true',
    'export X',
    'node "server.js"',
    'node $APP',
    'node *.js',
    '~/bin/app',
    'node app.js # comment',
    'a && b',
    'a | b',
    'a > log',
    'a &',
    'a\nb',
    'node server.js\r',
    'écho',
  ])
    assert.equal(parsePlainCommand(text), undefined, JSON.stringify(text));
  assert.deepEqual(parsePlainCommand(' node  server.js')?.statements[0]?.command, {
    kind: 'simple',
    words: [
      { start: 1, end: 5, value: 'node', isArgs: false, literal: true },
      { start: 7, end: 16, value: 'server.js', isArgs: false, literal: true },
    ],
    assigns: 0,
  });
});
