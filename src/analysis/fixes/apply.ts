// Applying TextEdits to a text (the CLI's --fix and the tests use the same function).
import type { Position, TextEdit } from '../types';
import { LineIndex } from '../dockerfile/text';

const cmp = (a: Position, b: Position): number => a.line - b.line || a.character - b.character;

/** Applies the edits that target one file; overlapping edits after the first are skipped. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const lines = new LineIndex(text);
  // From the end of the text; for inserts at the same position, the first edit's text comes first (as LSP).
  const sorted = edits
    .map((e, i) => ({ e, i }))
    .sort(
      (a, b) =>
        cmp(b.e.range.start, a.e.range.start) || cmp(b.e.range.end, a.e.range.end) || b.i - a.i,
    )
    .map((x) => x.e);
  let out = text;
  let floor = Infinity;
  for (const e of sorted) {
    const start = lines.offsetAt(e.range.start);
    const end = lines.offsetAt(e.range.end);
    if (end > floor) continue;
    out = out.slice(0, start) + e.newText + out.slice(end);
    floor = start;
  }
  return out;
}
