// Text edits into a compose file that keep every comment and every other byte:
// new keys are inserted as whole lines, indented like their siblings, with the
// file's own line break. Nothing is re-serialised.
import { isMap, isScalar, type Node, type Pair, type YAMLMap } from '../../shared/yaml';
import type { TextEdit } from '../types';
import { positionAt, type ComposeFile } from './document';

/** An empty key (`deploy:` with nothing after it) may receive children on the next lines. */
function isEmptyValue(file: ComposeFile, pair: Pair<Node, Node | null>): boolean {
  const value = pair.value;
  if (value === null) return true;
  if (!isScalar(value) || value.value !== null || !value.range) return false;
  return value.range[0] === value.range[1] && !value.anchor && !value.tag;
}

function columnOf(file: ComposeFile, offset: number): number {
  return positionAt(file.lineStarts, offset).character;
}

/** True when only spaces precede `offset` on its line (a block mapping key). */
function startsItsLine(file: ComposeFile, offset: number): boolean {
  const { line } = positionAt(file.lineStarts, offset);
  return /^ *$/.test(file.text.slice(file.lineStarts[line], offset));
}

export interface ChildSlot {
  /** Offset where new lines go: the start of the line after the parent key. */
  offset: number;
  /** Indentation of the parent's children. */
  indent: number;
  /** One indentation step, as this mapping uses it. */
  unit: number;
}

/**
 * Where new first children of `pair`'s value go: the line after the key, with the
 * indentation of its existing children. Null when the value is not a block mapping
 * (or empty), because then inserting lines would change what the file means.
 */
export function childSlot(file: ComposeFile, pair: Pair<Node, Node | null>): ChildSlot | null {
  const keyStart = pair.key.range?.[0];
  if (keyStart === undefined || !startsItsLine(file, keyStart)) return null;
  const keyColumn = columnOf(file, keyStart);
  const keyLine = positionAt(file.lineStarts, keyStart).line;
  let indent: number;
  if (isEmptyValue(file, pair)) {
    indent = keyColumn + 2;
  } else if (isMap(pair.value) && !pair.value.flow) {
    const first = (pair.value as YAMLMap).items[0] as Pair<Node, unknown> | undefined;
    const firstStart = first?.key?.range?.[0];
    if (firstStart === undefined || !startsItsLine(file, firstStart)) return null;
    if (positionAt(file.lineStarts, firstStart).line <= keyLine) return null;
    indent = columnOf(file, firstStart);
  } else {
    return null;
  }
  const unit = Math.max(1, indent - keyColumn);
  const offset =
    keyLine + 1 < file.lineStarts.length ? file.lineStarts[keyLine + 1] : file.text.length;
  return { offset, indent, unit };
}

/** Insert `lines` (already relative-indented with `unit`-sized steps) into a slot. */
export function insertLines(
  file: ComposeFile,
  slot: ChildSlot,
  lines: { depth: number; text: string }[],
): TextEdit {
  const body = lines
    .map((l) => ' '.repeat(slot.indent + l.depth * slot.unit) + l.text + file.eol)
    .join('');
  // A key on the last line without a final line break: start a new line first.
  const atEndWithoutBreak = slot.offset === file.text.length && !file.text.endsWith('\n');
  const newText = atEndWithoutBreak ? file.eol + body.slice(0, -file.eol.length) : body;
  const position = positionAt(file.lineStarts, slot.offset);
  return { path: file.path, range: { start: position, end: position }, newText };
}

/** Replace a scalar value node's text. */
export function replaceNode(file: ComposeFile, node: Node, newText: string): TextEdit | null {
  const r = node.range;
  if (!r) return null;
  return {
    path: file.path,
    range: { start: positionAt(file.lineStarts, r[0]), end: positionAt(file.lineStarts, r[1]) },
    newText,
  };
}
