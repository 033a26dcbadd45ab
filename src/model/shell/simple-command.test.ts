// The simple-command fast path (parseSimpleCommand) must say what mvdan-sh says: for every
// text it accepts, the program is the one the real parser gives, in both dialects, through the
// raw Go objects and the wrapper API. Inputs: the shell-form instructions of the lint corpus
// and the examples, and seeded random texts built from the accepted characters, expansions,
// quotes and redirections, and from what must be declined: keywords, declarations,
// assignments, other expansions, escapes, operators, heredocs and unclosed quotes.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { parseShellUncached } from './ast';
import { parseSimpleCommand } from './simple-command';

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
  return () => ((s = (Math.imul(s, 1103515245) + 12345) & 0x7fffffff), s / 0x7fffffff);
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
  // Parts of words the fast path takes, then those it must decline.
  const goodParts = [
    ...['$JAVA_OPTS', '${PORT}', '${PORT:-8080}', '${X-a}', '${X:=b}', '${X+y}', '${X:?}', '$_'],
    ...["'a b'", "'$X'", "''", "'#*?~'", '"a b"', '"$X"', '"${X}"', '"#!(*?)"', '""', '"it\'s"'],
  ];
  const badParts = [
    ...['$1', '$@', '$*', '$#', '$?', '$$', '$', '${X', '${X:-a b}', '${#X}', '${X%.*}', '$(id)'],
    ...["'", '"a', '"\\$X"', '"`id`"', '"$(id)"', '"${X:-a}"', '"$@"', "$'x'", '$"x"'],
    ...['*', '?', '[a]', '{a,b}', '~', '~/x', 'a~', '#', 'a#b', '\\x', '`id`', '!', '(x)'],
  ];
  const goodRedirections = ['>', '>>', '<', '2>', '1>>', '>&2', '2>&1', '1>&2', '10>'];
  const badRedirections = ['>&-', '>&x', '&>', '<<', '<<-', '<>', '>|', '<&0', '>>>', '2>&', '>&'];
  const operators = [';', '&', '&&', '||', '|', '|&', '\n', '(', ')', '{', '}'];
  const blanks = [' ', '  ', '\t', ' \t '];
  const texts: string[] = [];
  for (let i = 0; i < count; i++) {
    // Half the texts from what the path takes only, half with what it must decline too.
    const mixed = i % 2 === 1;
    const parts = mixed ? [...goodParts, ...badParts] : goodParts;
    const redirections = mixed ? [...goodRedirections, ...badRedirections] : goodRedirections;
    const word = (): string => {
      const r = random();
      if (r < 0.55) return pick(vocabulary);
      if (r < 0.8) return pick(parts);
      return Array.from({ length: 2 + Math.floor(random() * 2) }, () =>
        random() < 0.5 ? pick(vocabulary) : pick(parts),
      ).join('');
    };
    const tokens: string[] = [];
    const length = 1 + Math.floor(random() * 6);
    for (let j = 0; j < length; j++) {
      const r = random();
      if (r < 0.75) tokens.push(word());
      else if (r < 0.95 || !mixed) {
        // The target attached (`>log`), as the next token (`> log`), or missing.
        const op = pick(redirections);
        tokens.push(random() < 0.45 ? op + word() : op);
      } else tokens.push(pick(operators));
    }
    const lead = random() < 0.2 ? pick(blanks) : '';
    const trail = random() < 0.2 ? pick(blanks) : '';
    texts.push(lead + tokens.map((w, j) => (j ? pick(blanks) : '') + w).join('') + trail);
  }
  return [...texts, '', ' ', '\t'];
}

test('every text the simple-command path accepts parses the same with mvdan-sh', (t) => {
  const texts = [...new Set([...corpusTexts(), ...generatedTexts(12000)])];
  let accepted = 0;
  let declined = 0;
  const taken = { expansion: 0, quote: 0, redirection: 0 };
  for (const text of texts) {
    const plain = parseSimpleCommand(text);
    if (!plain) {
      declined++;
      continue;
    }
    accepted++;
    if (text.includes('$')) taken.expansion++;
    if (/['"]/.test(text)) taken.quote++;
    if (plain.statements[0]?.redirects) taken.redirection++;
    for (const dialect of ['posix', 'bash'] as const)
      for (const viaRaw of [true, false])
        assert.deepEqual(
          parseShellUncached(text, dialect, viaRaw),
          plain,
          `${JSON.stringify(text)} (${dialect}, ${viaRaw ? 'raw' : 'wrapper'})`,
        );
  }
  // Not vacuous: the path takes many texts of each kind and leaves keywords and the like.
  assert.ok(
    accepted > 1500,
    `accepted ${accepted}, declined ${declined}, ${JSON.stringify(taken)}`,
  );
  t.diagnostic(`accepted ${accepted}, declined ${declined}, ${JSON.stringify(taken)}`);
  assert.ok(declined > 1500, `declined ${declined}`);
  for (const [kind, n] of Object.entries(taken)) assert.ok(n > 300, `${kind}: ${n} taken`);
});

test('the simple-command path declines what needs the real parser', () => {
  for (const text of [
    'A=b node app.js',
    'if true',
    'export X',
    'node "$@"',
    'node $1',
    'node ${APP#x}',
    "node $'a'",
    'node "a\\"b"',
    'a >&file',
    'a &> log',
    'a <<EOF',
    'a >',
    '> log',
    'node *.js',
    '~/bin/app',
    'node app.js # comment',
    'a && b',
    'a | b',
    'a &',
    'a\nb',
    'node server.js\r',
    'écho',
  ])
    assert.equal(parseSimpleCommand(text), undefined, JSON.stringify(text));
  assert.deepEqual(parseSimpleCommand(' node  server.js')?.statements[0]?.command, {
    kind: 'simple',
    words: [
      { start: 1, end: 5, value: 'node', isArgs: false, literal: true },
      { start: 7, end: 16, value: 'server.js', isArgs: false, literal: true },
    ],
    assigns: 0,
  });
});
