// The commonest shell text in a Dockerfile's CMD or ENTRYPOINT is one simple command:
// `node server.js`, `java $JAVA_OPTS -jar /app.jar > /var/log/app.log 2>&1`,
// `gunicorn -b "0.0.0.0:${PORT}" app:app`. Reading it does not need the shell parser, whose
// load is most of a `lint` process that needs it (mvdan-sh is 1.3 MB of GopherJS: ~90 ms
// here, bench `startup`). This reads exactly that kind of text and declines everything else
// (`undefined`), which is then left to mvdan-sh; simple-command.test.ts checks that mvdan-sh
// gives the same program for every text accepted here, in both dialects.
//
// Accepted: one line of ASCII, blank-separated tokens, each either
//   - a word made of: characters literal to every shell (no glob, tilde, comment, operator
//     or escape), `$NAME`, `${NAME}`, `${NAME:-word}` (and the other five operators of
//     POSIX parameter expansion, with a plain word), '…' (no `'` inside) and "…" (plain
//     characters, blanks, `$NAME` and `${NAME}` inside; no `\`, backquote or other `$`);
//   - a redirection `[N]>word`, `[N]>>word`, `[N]<word` (the word attached or the next
//     token) or `[N]>&M` with M digits;
// with at least one word, whose first is no keyword, declaration or assignment.
import type { ShProgram, ShStatement, ShWord } from './ast';

/** Characters literal to every shell wherever they are in a word. */
const plainChar = /[A-Za-z0-9_./:@%+,=-]/;
/** Characters taken as they are inside double quotes (besides the plain ones). */
const doubleQuotedChar = /[A-Za-z0-9_./:@%+,=\- \t!#&'()*;<>?[\]^{|}~]/;
const name = /[A-Za-z_][A-Za-z0-9_]*/y;
/** `${NAME}` or `${NAME<op>word}` with a word of plain characters. */
const braced = /\$\{[A-Za-z_][A-Za-z0-9_]*(?:(?::?[-=+?])[A-Za-z0-9_./:@%+,=-]*)?\}/y;
const redirection = /^([0-9]*)(>>|>&|>|<)(.*)$/;

/** Words that are not a command name in command position (keywords, declarations). */
const specialFirstWords = new Set([
  ...['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'case', 'esac', 'while', 'until'],
  ...['for', 'in', 'function', 'select', 'time', 'coproc'],
  ...['declare', 'local', 'export', 'readonly', 'typeset', 'nameref', 'let'],
]);

interface Token {
  start: number;
  end: number;
}

/** A word from `start`; its end and value (null when it expands), or undefined if not one. */
function readWord(src: string, start: number, end: number): ShWord | undefined {
  let i = start;
  let value: string | null = '';
  const append = (text: string) => {
    if (value !== null) value += text;
  };
  while (i < end) {
    const c = src[i]!;
    if (plainChar.test(c)) {
      append(c);
      i++;
    } else if (c === '$') {
      const length = expansionLength(src, i);
      if (length === 0) return undefined;
      value = null;
      i += length;
    } else if (c === "'") {
      const close = src.indexOf("'", i + 1);
      if (close < 0 || close >= end) return undefined;
      const inner = src.slice(i + 1, close);
      if (/[^\t -~]/.test(inner)) return undefined;
      append(inner);
      i = close + 1;
    } else if (c === '"') {
      i++;
      for (;;) {
        if (i >= end) return undefined;
        const q = src[i]!;
        if (q === '"') break;
        if (q === '$') {
          const length = expansionLength(src, i, true);
          if (length === 0) return undefined;
          value = null;
          i += length;
        } else if (doubleQuotedChar.test(q)) {
          append(q);
          i++;
        } else return undefined;
      }
      i++;
    } else return undefined;
  }
  return { start, end, value, isArgs: false, literal: value !== null };
}

/** Length of `$NAME`, `${NAME}` or (unquoted) `${NAME:-word}` at `at`, 0 when it is none. */
function expansionLength(src: string, at: number, quoted = false): number {
  if (src[at + 1] === '{') {
    braced.lastIndex = at;
    const m = braced.exec(src);
    if (!m || (quoted && !/^\$\{\w+\}$/.test(m[0]))) return 0;
    return m[0].length;
  }
  name.lastIndex = at + 1;
  const m = name.exec(src);
  return m ? 1 + m[0].length : 0;
}

/** Blank-separated tokens; quotes may hold blanks. Undefined for an unclosed quote. */
function tokens(src: string): Token[] | undefined {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    if (src[i] === ' ' || src[i] === '\t') {
      i++;
      continue;
    }
    const start = i;
    while (i < src.length && src[i] !== ' ' && src[i] !== '\t') {
      if (src[i] === "'" || src[i] === '"') {
        const close = src.indexOf(src[i]!, i + 1);
        if (close < 0) return undefined;
        i = close;
      }
      i++;
    }
    out.push({ start, end: i });
  }
  return out;
}

/** The program of `src` when it is one simple command of the kind above, else undefined. */
export function parseSimpleCommand(src: string): ShProgram | undefined {
  if (/[^\t -~]/.test(src)) return undefined; // one line of printable ASCII
  const toks = tokens(src);
  if (!toks) return undefined;
  if (toks.length === 0) return { statements: [] };
  const words: ShWord[] = [];
  let redirects = 0;
  let end = 0;
  for (let t = 0; t < toks.length; t++) {
    const { start, end: tokenEnd } = toks[t]!;
    const text = src.slice(start, tokenEnd);
    const r = redirection.exec(text);
    if (r) {
      const [, , op, rest] = r;
      if (op === '>&') {
        // Only a duplication of a numbered descriptor: bash reads `>&file` as `&>file`.
        if (!/^[0-9]+$/.test(rest!)) return undefined;
        end = tokenEnd;
      } else {
        // The target is the rest of the token, else the next token.
        let target: Token;
        if (rest) target = { start: tokenEnd - rest.length, end: tokenEnd };
        else {
          const next = toks[++t];
          if (!next) return undefined;
          target = next;
        }
        if (/^[<>&|(]/.test(src.slice(target.start, target.end))) return undefined;
        if (!readWord(src, target.start, target.end)) return undefined;
        end = target.end;
      }
      redirects++;
      continue;
    }
    const word = readWord(src, start, tokenEnd);
    if (!word) return undefined;
    words.push(word);
    end = tokenEnd;
  }
  if (words.length === 0) return undefined;
  const first = src.slice(words[0]!.start, words[0]!.end);
  if (first.includes('=') || specialFirstWords.has(first)) return undefined;
  const statement: ShStatement = {
    start: toks[0]!.start,
    end: Math.max(end, words[words.length - 1]!.end),
    command: { kind: 'simple', words, assigns: 0 },
    background: false,
    negated: false,
    redirects,
  };
  return { statements: [statement] };
}
