// Positions and offsets in a document, and Dockerfile line continuations.
import type { Position, Range } from '../types';

export class LineIndex {
  readonly starts: number[] = [0];
  constructor(readonly text: string) {
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', nl + 1))
      this.starts.push(nl + 1);
  }
  offsetAt(p: Position): number {
    const line = Math.max(0, Math.min(p.line, this.starts.length - 1));
    const start = this.starts[line]!;
    const end = line + 1 < this.starts.length ? this.starts[line + 1]! - 1 : this.text.length;
    return Math.min(start + Math.max(0, p.character), end);
  }
  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.starts[lo]! };
  }
  range(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }
  lineText(line: number): string {
    const start = this.starts[line] ?? this.text.length;
    const next = this.starts[line + 1];
    return this.text
      .slice(start, next === undefined ? this.text.length : next - 1)
      .replace(/\r$/, '');
  }
  get lineCount(): number {
    return this.starts.length;
  }
}

/**
 * Removes Dockerfile line continuations (escape char + newline) and the comment and
 * empty lines inside them, as the builder does. `map[i]` is the document offset of
 * `content[i]`, so positions found in the joined text can be edited in the original.
 */
export function joinContinuations(
  text: string,
  from: number,
  to: number,
  escape: string,
): { content: string; map: number[] } {
  // Kept characters are appended a run at a time (one slice per run, not one per character).
  let content = '';
  const map: number[] = [];
  let i = from;
  let run = from;
  while (i < to) {
    const ch = text[i]!;
    if (ch === escape) {
      let j = i + 1;
      while (j < to && (text[j] === ' ' || text[j] === '\t')) j++;
      if (text[j] === '\r') j++;
      if (j >= to || text[j] === '\n') {
        // A continuation: skip it and any comment/empty lines that follow.
        content += text.slice(run, i);
        i = j + 1;
        for (;;) {
          let k = i;
          while (k < to && (text[k] === ' ' || text[k] === '\t')) k++;
          if (k < to && (text[k] === '#' || text[k] === '\n' || text[k] === '\r')) {
            const nl = text.indexOf('\n', k);
            if (nl < 0 || nl >= to) {
              i = to;
              break;
            }
            i = nl + 1;
          } else break;
        }
        run = i;
        continue;
      }
    }
    if (ch === '\r' && text[i + 1] === '\n') {
      content += text.slice(run, i);
      i++;
      run = i;
      continue;
    }
    map.push(i);
    i++;
  }
  content += text.slice(run, Math.min(i, to));
  map.push(to);
  return { content, map };
}
