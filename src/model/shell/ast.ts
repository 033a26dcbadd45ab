// A small, typed view of a shell program, built from mvdan-sh's syntax tree (a real shell
// parser), or for one simple command by ./simple-command, whose every answer mvdan-sh is
// tested to agree with. Offsets are UTF-16 indices into the source.
import type { ShNode, syntax as ShSyntax } from 'mvdan-sh';
import { keptOrParsed } from '../kept-parses';
import { parseSimpleCommand } from './simple-command';

/**
 * mvdan-sh, loaded on the first parse: it is 1.3 MB of GopherJS that takes tens of ms to
 * compile and initialise, and most Dockerfiles (exec-form CMD, no entrypoint script) never
 * need a shell parse. The bundles keep it in a file of its own (dist/mvdan-sh.js, see
 * scripts/bundles.mjs), so a process that never parses shell never reads it.
 */
let loadedSyntax: typeof ShSyntax | undefined;
function sh(): typeof ShSyntax {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, on purpose
  return (loadedSyntax ??= (require('mvdan-sh') as { syntax: typeof ShSyntax }).syntax);
}

export interface Span {
  start: number;
  end: number;
}

/** A word's value when static (`'a'`, `"b"`, `c`), or null when it expands (`$X`, `$(…)`). */
export interface ShWord extends Span {
  value: string | null;
  /** `"$@"` / `$@`: the script's arguments. */
  isArgs: boolean;
  /** No unquoted glob or tilde: the shell would pass the value as is. */
  literal: boolean;
}

export type ShCommand =
  | { kind: 'simple'; words: ShWord[]; assigns: number }
  | { kind: 'and' | 'or' | 'pipe'; left: ShStatement; right: ShStatement }
  | { kind: 'block' | 'subshell'; body: ShStatement[] }
  | {
      kind: 'if';
      branches: ShStatement[][];
      /** The condition of each branch (empty for a final `else`). */
      conditions: ShStatement[][];
    }
  | { kind: 'loop'; condition: ShStatement[]; body: ShStatement[] }
  | { kind: 'function'; name: string; body: ShStatement[] }
  | { kind: 'other' };

export interface ShStatement extends Span {
  command: ShCommand;
  background: boolean;
  negated: boolean;
  redirects: number;
}

export interface ShProgram {
  statements: ShStatement[];
}

let posixParser: ReturnType<typeof ShSyntax.NewParser> | null = null;
let bashParser: ReturnType<typeof ShSyntax.NewParser> | null = null;

// Parsing is the expensive part (GopherJS); the same CMD/script text is parsed again on every
// keystroke in the editor, so recent results are kept (the programs are immutable). The cache
// is bounded by entries and by the characters of its keys (a pasted 200 KB script must not
// stay in memory 512 times over); a text over a quarter of that is not kept at all.
const cache = new Map<string, ShProgram | null>();
const CACHE_SIZE = 512;
const CACHE_CHARS = 2 * 1024 * 1024;
let cachedChars = 0;

/** Forget cached parses (benchmarks measuring cold parses call this). */
export function clearShellCache(): void {
  cache.clear();
  cachedChars = 0;
}

/** Parses shell text; null when it is not valid shell (the caller then knows nothing). */
export function parseShell(src: string, dialect: 'posix' | 'bash' = 'bash'): ShProgram | null {
  const plain = parseSimpleCommand(src);
  if (plain) return plain;
  const key = dialect[0] + src;
  const hit = cache.get(key);
  if (hit !== undefined) {
    cache.delete(key); // most recently used last: eviction takes the least recently used
    cache.set(key, hit);
    return hit;
  }
  const program = parseThroughStore(src, dialect);
  if (key.length > CACHE_CHARS / 4) return program;
  while (cache.size > 0 && (cache.size >= CACHE_SIZE || cachedChars + key.length > CACHE_CHARS)) {
    const oldest = cache.keys().next().value!;
    cache.delete(oldest);
    cachedChars -= oldest.length;
  }
  cache.set(key, program);
  cachedChars += key.length;
  return program;
}

/** The file of the bundle this code runs from: the build whose parses these are. */
const owner: string = typeof __filename === 'string' ? __filename : '';

const isProgramOrNull = (v: unknown): v is ShProgram | null =>
  v === null || (typeof v === 'object' && Array.isArray((v as ShProgram).statements));

/** A parse of an earlier run of this build (../kept-parses), else mvdan-sh's now. */
function parseThroughStore(src: string, dialect: 'posix' | 'bash'): ShProgram | null {
  return keptOrParsed(owner, `shell-${dialect}`, src, isProgramOrNull, () =>
    parseUncached(src, dialect),
  );
}

/** Is `src` valid POSIX sh (no bash-only syntax such as arrays or `[[ ]]`)? */
export function isPosixShell(src: string): boolean {
  if (parseSimpleCommand(src)) return true;
  return keptOrParsed(
    owner,
    'shell-posix-valid',
    src,
    (v): v is boolean => typeof v === 'boolean',
    () => parsesAsPosix(src),
  );
}

function parsesAsPosix(src: string): boolean {
  try {
    posixParser ??= sh().NewParser(sh().Variant(sh().LangPOSIX));
    posixParser.Parse(src, 'sh');
    return true;
  } catch {
    return false;
  }
}

/** Tests only: parse without the cache, through the raw Go objects or the public wrapper API. */
export function parseShellUncached(
  src: string,
  dialect: 'posix' | 'bash',
  viaRaw: boolean,
): ShProgram | null {
  return parseUncached(src, dialect, viaRaw);
}

function parseUncached(src: string, dialect: 'posix' | 'bash', viaRaw = true): ShProgram | null {
  let file: ShNode;
  try {
    if (dialect === 'posix') posixParser ??= sh().NewParser(sh().Variant(sh().LangPOSIX));
    else bashParser ??= sh().NewParser(sh().Variant(sh().LangBash));
    const parser = dialect === 'posix' ? posixParser! : bashParser!;
    file = parser.Parse(src, 'sh');
  } catch {
    return dialect === 'posix' ? parseUncached(src, 'bash', viaRaw) : null;
  }
  byteToIndex = /[^\t\n\r -~]/.test(src) ? utf8Offsets(src) : null;
  try {
    // The GopherJS wrapper converts a whole subtree to JS on every field access (quadratic
    // over a script); its underlying Go object is read directly instead, in one pass.
    const raw = (file as { __internal_object__?: RawNode }).__internal_object__;
    if (viaRaw && raw && raw.Stmts && typeof raw.Stmts === 'object' && '$array' in raw.Stmts)
      return { statements: rawStmts(raw.Stmts) };
    return { statements: stmts(file.Stmts) };
  } catch {
    return null;
  }
}

// ---- the Go objects of mvdan.cc/sh/v3/syntax as GopherJS lays them out (mvdan-sh 0.10.1) ----

interface RawNode {
  constructor: { string?: string };
  Pos(): { Offset(): number };
  End(): { Offset(): number };
  [field: string]: unknown;
}
interface RawSlice {
  $array: RawNode[];
  $offset: number;
  $length: number;
}

/** A Go nil pointer is a sentinel object whose fields throw; an absent field is undefined. */
function present(v: unknown): v is RawNode {
  if (!v || typeof v !== 'object') return false;
  const ctor = (v as { constructor?: { nil?: unknown } }).constructor;
  return !(ctor && ctor.nil === v);
}

function rawList(v: unknown): RawNode[] {
  const s = v as RawSlice | null | undefined;
  if (!s || !s.$array) return [];
  return s.$array.slice(s.$offset, s.$offset + s.$length);
}

const rawType = (n: unknown): string =>
  ((n as RawNode | null)?.constructor?.string ?? '').replace(/^\*syntax\./, '');

/** Go strings are UTF-8 bytes in a JS string. */
function goString(v: unknown): string {
  const s = String(v ?? '');
  return /[\x80-\xff]/.test(s) ? Buffer.from(s, 'latin1').toString('utf8') : s;
}

function rawSpan(n: RawNode): Span {
  return { start: index(n.Pos().Offset()), end: index(n.End().Offset()) };
}

function rawStmts(v: unknown): ShStatement[] {
  return rawList(v).map(rawStmt);
}

function rawStmt(n: RawNode): ShStatement {
  return {
    ...rawSpan(n),
    command: present(n.Cmd) ? rawCommand(n.Cmd) : { kind: 'other' },
    background: n.Background === true,
    negated: n.Negated === true,
    redirects: rawList(n.Redirs).length,
  };
}

function rawCommand(n: RawNode): ShCommand {
  switch (rawType(n)) {
    case 'CallExpr':
      return {
        kind: 'simple',
        words: rawList(n.Args).map(rawWord),
        assigns: rawList(n.Assigns).length,
      };
    case 'BinaryCmd': {
      const op = n.Op as number;
      const kind =
        op === AND ? 'and' : op === OR ? 'or' : op === PIPE || op === PIPE_ALL ? 'pipe' : null;
      if (!kind) return { kind: 'other' };
      if (!present(n.X) || !present(n.Y)) return { kind: 'other' };
      return { kind, left: rawStmt(n.X), right: rawStmt(n.Y) };
    }
    case 'Block':
      return { kind: 'block', body: rawStmts(n.Stmts) };
    case 'Subshell':
      return { kind: 'subshell', body: rawStmts(n.Stmts) };
    case 'IfClause': {
      const branches: ShStatement[][] = [];
      const conditions: ShStatement[][] = [];
      let c: RawNode | null = n;
      for (let i = 0; c && i < 1000; i++) {
        branches.push(rawStmts(c.Then));
        conditions.push(rawStmts(c.Cond));
        const e: unknown = c.Else;
        c = present(e) && rawType(e) === 'IfClause' ? e : null;
      }
      return { kind: 'if', branches, conditions };
    }
    case 'WhileClause':
      return { kind: 'loop', condition: rawStmts(n.Cond), body: rawStmts(n.Do) };
    case 'ForClause':
      return { kind: 'loop', condition: [], body: rawStmts(n.Do) };
    case 'FuncDecl': {
      const body = n.Body;
      const name = present(n.Name) ? goString(n.Name.Value) : '';
      return {
        kind: 'function',
        name,
        body: present(body) && rawType(body) === 'Stmt' ? [rawStmt(body)] : [],
      };
    }
    default:
      return { kind: 'other' };
  }
}

function rawWord(n: RawNode): ShWord {
  const parts = rawList(n.Parts);
  let value: string | null = '';
  let isArgs = false;
  let literal = true;
  const isAt = (p: RawNode): boolean => present(p.Param) && goString(p.Param.Value) === '@';
  for (const [i, p] of parts.entries()) {
    const t = rawType(p);
    if (t === 'Lit') {
      const v = goString(p.Value);
      if (/[*?[\]{}\\]/.test(v) || (i === 0 && v.startsWith('~'))) literal = false;
      value = value === null ? null : value + v;
    } else if (t === 'SglQuoted') {
      if (p.Dollar === true) value = null;
      else value = value === null ? null : value + goString(p.Value);
    } else if (t === 'DblQuoted') {
      for (const q of rawList(p.Parts)) {
        if (rawType(q) === 'Lit') value = value === null ? null : value + goString(q.Value);
        else {
          if (rawType(q) === 'ParamExp' && isAt(q)) isArgs = parts.length === 1;
          value = null;
        }
      }
    } else {
      if (t === 'ParamExp' && isAt(p)) isArgs = parts.length === 1;
      value = null;
    }
  }
  return { ...rawSpan(n), value, isArgs, literal: literal && value !== null };
}

// ---- the public wrapper API (fallback if the layout above ever changes) ----

// mvdan-sh reports UTF-8 byte offsets; edits need string indices.
let byteToIndex: number[] | null = null;

function utf8Offsets(src: string): number[] {
  const map: number[] = [];
  for (let i = 0; i < src.length; i++) {
    const cp = src.codePointAt(i) ?? 0;
    const bytes = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    for (let b = 0; b < bytes; b++) map.push(i);
    if (cp >= 0x10000) i++;
  }
  map.push(src.length);
  return map;
}

function index(byteOffset: number): number {
  return byteToIndex ? (byteToIndex[byteOffset] ?? byteOffset) : byteOffset;
}

function list(v: unknown): ShNode[] {
  return Array.isArray(v) ? (v as ShNode[]) : [];
}

function span(n: ShNode): Span {
  return { start: index(n.Pos().Offset()), end: index(n.End().Offset()) };
}

function stmts(v: unknown): ShStatement[] {
  return list(v).map(stmt);
}

function stmt(n: ShNode): ShStatement {
  return {
    ...span(n),
    command: n.Cmd ? command(n.Cmd as ShNode) : { kind: 'other' },
    background: n.Background === true,
    negated: n.Negated === true,
    redirects: list(n.Redirs).length,
  };
}

// BinCmdOperator values of mvdan.cc/sh v3 (checked by ast.test.ts).
const AND = 10;
const OR = 11;
const PIPE = 12;
const PIPE_ALL = 13;

function command(n: ShNode): ShCommand {
  switch (sh().NodeType(n)) {
    case 'CallExpr':
      return { kind: 'simple', words: list(n.Args).map(word), assigns: list(n.Assigns).length };
    case 'BinaryCmd': {
      const op = n.Op as number;
      const kind =
        op === AND ? 'and' : op === OR ? 'or' : op === PIPE || op === PIPE_ALL ? 'pipe' : null;
      if (!kind) return { kind: 'other' };
      return { kind, left: stmt(n.X as ShNode), right: stmt(n.Y as ShNode) };
    }
    case 'Block':
      return { kind: 'block', body: stmts(n.Stmts) };
    case 'Subshell':
      return { kind: 'subshell', body: stmts(n.Stmts) };
    case 'IfClause': {
      const branches: ShStatement[][] = [];
      const conditions: ShStatement[][] = [];
      let c: ShNode | null = n;
      while (c) {
        branches.push(stmts(c.Then));
        conditions.push(stmts(c.Cond));
        c = (c.Else as ShNode | null) ?? null;
      }
      return { kind: 'if', branches, conditions };
    }
    case 'WhileClause':
      return { kind: 'loop', condition: stmts(n.Cond), body: stmts(n.Do) };
    case 'ForClause':
      return { kind: 'loop', condition: [], body: stmts(n.Do) };
    case 'FuncDecl': {
      const body = n.Body as ShNode | null;
      return {
        kind: 'function',
        name: String((n.Name as ShNode | null)?.Value ?? ''),
        body: body ? [stmt(body)] : [],
      };
    }
    default:
      return { kind: 'other' };
  }
}

function word(n: ShNode): ShWord {
  const parts = list(n.Parts);
  let value: string | null = '';
  let isArgs = false;
  let literal = true;
  for (const [i, p] of parts.entries()) {
    const t = sh().NodeType(p);
    if (
      t === 'Lit' &&
      (/[*?[\]{}\\]/.test(String(p.Value)) || (i === 0 && String(p.Value).startsWith('~')))
    )
      literal = false;
    if (t === 'SglQuoted' && p.Dollar === true) value = null;
    else if (t === 'Lit' || t === 'SglQuoted')
      value = value === null ? null : value + String(p.Value);
    else if (t === 'DblQuoted') {
      for (const q of list(p.Parts)) {
        const qt = sh().NodeType(q);
        if (qt === 'Lit') value = value === null ? null : value + String(q.Value);
        else {
          if (qt === 'ParamExp' && (q.Param as ShNode | null)?.Value === '@')
            isArgs = parts.length === 1;
          value = null;
        }
      }
    } else {
      if (t === 'ParamExp' && (p.Param as ShNode | null)?.Value === '@')
        isArgs = parts.length === 1;
      value = null;
    }
  }
  return { ...span(n), value, isArgs, literal: literal && value !== null };
}

/** Every statement, depth first, including nested ones (for `trap`, `sleep`, `exit` searches). */
export function* walkStatements(statements: readonly ShStatement[]): Generator<ShStatement> {
  for (const s of statements) {
    yield s;
    const c = s.command;
    switch (c.kind) {
      case 'and':
      case 'or':
      case 'pipe':
        yield* walkStatements([c.left, c.right]);
        break;
      case 'block':
      case 'subshell':
      case 'function':
        yield* walkStatements(c.body);
        break;
      case 'if':
        for (const b of c.conditions) yield* walkStatements(b);
        for (const b of c.branches) yield* walkStatements(b);
        break;
      case 'loop':
        yield* walkStatements(c.condition);
        yield* walkStatements(c.body);
        break;
    }
  }
}

export function commandName(s: ShStatement): string | null {
  return s.command.kind === 'simple' ? (s.command.words[0]?.value ?? null) : null;
}
