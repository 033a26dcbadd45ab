// Applying TextEdits to a text, and when two edits conflict: the one implementation the
// fix loop, the CLI's --fix and the tests share (as ESLint keeps SourceCodeFixer in its core).
import type { Position, TextEdit } from '../types';
import { LineIndex } from '../dockerfile/text';

const cmp = (a: Position, b: Position): number => a.line - b.line || a.character - b.character;

/**
 * Applies the edits that target one file (positions 0-based, UTF-16, as LSP; clamped to their
 * line); an edit overlapping one already applied (from the end) is skipped.
 */
export function applyEdits(
  text: string,
  edits: readonly Pick<TextEdit, 'range' | 'newText'>[],
): string {
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

/** Two edits conflict when they touch one file and their ranges overlap, or both insert at one place. */
export function editsConflict(a: TextEdit, b: TextEdit): boolean {
  if (a.path !== b.path) return false;
  if (cmp(a.range.start, b.range.start) === 0) return true;
  return cmp(a.range.start, b.range.end) < 0 && cmp(b.range.start, a.range.end) < 0;
}
