// A compose file as the rules see it: the YAML syntax tree (for exact ranges and
// text edits that keep comments) beside the resolved values (for meaning: merge
// keys `<<: *x` and same-file `extends` applied). Parsing never throws: a file
// that is not valid YAML, or whose `services` is not a mapping, has no services.
import {
  isMap,
  isScalar,
  parseDocument,
  type Node,
  type Pair,
  type YAMLMap,
} from '../../shared/yaml';
import type { Position, Range } from '../types';

export interface ComposeService {
  name: string;
  /** The service's key in `services:` and its range (where findings point). */
  keyNode: Node;
  keyRange: Range;
  /** The `name: {...}` pair in `services:`, where new keys of the service are inserted. */
  pair: Pair<Node, Node | null>;
  /** The service's own mapping node in the tree (block or flow). */
  map: YAMLMap;
  /** The service's value with YAML merge keys resolved (what the file itself says). */
  own: Record<string, unknown>;
  /**
   * The value with same-file `extends` applied on top of `own`; null when the service
   * extends a service of another file (then its settings cannot be known here).
   */
  effective: Record<string, unknown> | null;
}

export interface ComposeFile {
  path: string;
  text: string;
  /** The line break the file uses, for inserted lines. */
  eol: '\n' | '\r\n';
  /** Offset of the first character of each line. */
  lineStarts: number[];
  services: ComposeService[];
}

export function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

/** 0-based line and UTF-16 character of an offset (a `\r` before `\n` stays on its line). */
export function positionAt(lineStarts: number[], offset: number): Position {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (lineStarts[mid] <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low, character: offset - lineStarts[low] };
}

export function rangeOf(lineStarts: number[], node: Node): Range | null {
  const r = node.range;
  if (!r) return null;
  return { start: positionAt(lineStarts, r[0]), end: positionAt(lineStarts, r[1]) };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The pair whose key is exactly `key` written in this mapping (merged keys do not count). */
export function ownPair(map: YAMLMap, key: string): Pair<Node, Node | null> | undefined {
  for (const item of map.items as Pair<unknown, unknown>[]) {
    if (isScalar(item.key) && item.key.value === key) return item as Pair<Node, Node | null>;
  }
  return undefined;
}

/** The lines of the service key and of those of `keys` written in the service. */
export function anchorLines(file: ComposeFile, service: ComposeService, keys: string[]): number[] {
  const lines = [service.keyRange.start.line];
  for (const key of keys) {
    const start = ownPair(service.map, key)?.key.range?.[0];
    if (start !== undefined) lines.push(positionAt(file.lineStarts, start).line);
  }
  return lines;
}

/** Resolve same-file `extends` (compose merges mappings deeply, the child wins). */
function withExtends(
  name: string,
  owns: Map<string, Record<string, unknown>>,
  seen: Set<string>,
): Record<string, unknown> | null {
  const own = owns.get(name);
  if (!own) return null;
  const ext = own['extends'];
  if (ext === undefined || ext === null) return own;
  let baseName: unknown;
  if (typeof ext === 'string') baseName = ext;
  else if (isRecord(ext)) {
    if (ext['file'] !== undefined) return null; // another file: unknown here
    baseName = ext['service'];
  }
  if (typeof baseName !== 'string' || seen.has(baseName)) return null;
  const base = withExtends(baseName, owns, new Set([...seen, name]));
  if (!base) return null;
  return deepMerge(base, own);
}

function deepMerge(
  base: Record<string, unknown>,
  over: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = isRecord(b) && isRecord(v) ? deepMerge(b, v) : v;
  }
  return out;
}

export function parseCompose(path: string, text: string): ComposeFile {
  const lineStarts = lineStartsOf(text);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const file: ComposeFile = { path, text, eol, lineStarts, services: [] };
  let resolved: unknown;
  let doc;
  try {
    doc = parseDocument(text, { merge: true, prettyErrors: false });
    if (doc.errors.length > 0) return file;
    resolved = doc.toJS({ maxAliasCount: 1000 });
  } catch {
    return file; // e.g. an alias bomb: the YAML extension reports the file itself
  }
  if (!isMap(doc.contents) || !isRecord(resolved)) return file;
  const servicesPair = ownPair(doc.contents, 'services');
  const servicesValue = resolved['services'];
  if (!servicesPair || !isMap(servicesPair.value) || !isRecord(servicesValue)) return file;

  const owns = new Map<string, Record<string, unknown>>();
  for (const [name, value] of Object.entries(servicesValue)) {
    if (isRecord(value)) owns.set(name, value);
  }
  for (const item of servicesPair.value.items as Pair<unknown, unknown>[]) {
    const key = item.key;
    if (!isScalar(key) || typeof key.value !== 'string' || key.value.startsWith('x-')) continue;
    const own = owns.get(key.value);
    const keyRange = rangeOf(lineStarts, key);
    if (!own || !isMap(item.value) || !keyRange) continue;
    file.services.push({
      name: key.value,
      keyNode: key,
      keyRange,
      pair: item as Pair<Node, Node | null>,
      map: item.value,
      own,
      effective: withExtends(key.value, owns, new Set()),
    });
  }
  return file;
}
