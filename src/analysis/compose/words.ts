// Compose turns a string `command:` / `entrypoint:` into argv by splitting it into
// words with shell-like quoting (compose-go uses go-shellwords), without running a
// shell. This is that splitting, keeping for every character of every word where it
// came from in the string, so that an edit inside a word can be placed in the file.
// It is not shell parsing: the shell text inside `sh -c "…"` goes to the real parser.
import { isScalar, type Node } from '../../shared/yaml';

export interface Word {
  text: string;
  /** `at[i]` is the index in the source string of `text[i]`; `at[text.length]` is the end. */
  at: number[];
}

export function splitWords(source: string): Word[] {
  const words: Word[] = [];
  let text = '';
  let at: number[] = [];
  let inWord = false;
  let quote: '"' | "'" | null = null;
  const push = (ch: string, index: number): void => {
    text += ch;
    at.push(index);
  };
  const finish = (end: number): void => {
    if (inWord) words.push({ text, at: [...at, end] });
    text = '';
    at = [];
    inWord = false;
  };
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (quote === "'") {
      if (ch === "'") quote = null;
      else push(ch, i);
    } else if (quote === '"') {
      if (ch === '"') quote = null;
      else if (ch === '\\' && i + 1 < source.length && '"\\$`'.includes(source[i + 1]))
        push(source[++i], i);
      else push(ch, i);
    } else if (/\s/.test(ch)) {
      finish(i);
    } else {
      inWord = true;
      if (ch === '"' || ch === "'") quote = ch;
      else if (ch === '\\' && i + 1 < source.length) push(source[++i], i);
      else push(ch, i);
    }
  }
  finish(source.length);
  return words;
}

/** First word of a compose command string ('' when there is none). */
export function firstWord(source: string): string {
  return splitWords(source)[0]?.text ?? '';
}

/**
 * Offset in the file of character `index` of a scalar's value, when the scalar's source
 * spells its value exactly (plain, or quoted without escapes or folding); null otherwise.
 */
export function scalarValueOffset(text: string, node: Node, index: number): number | null {
  if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return null;
  const [start, end] = node.range;
  const quoted = node.type === 'QUOTE_SINGLE' || node.type === 'QUOTE_DOUBLE';
  if (!quoted && node.type !== 'PLAIN') return null;
  const inner = quoted ? text.slice(start + 1, end - 1) : text.slice(start, end);
  if (inner !== node.value) return null;
  return start + (quoted ? 1 : 0) + index;
}
