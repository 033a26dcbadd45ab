// A small, typed view of a shell program, built from mvdan-sh's syntax tree (a real shell
// parser: never regexes over shell text). Offsets are UTF-16 indices into the source.
import { syntax, type ShNode } from 'mvdan-sh';

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
  | { kind: 'if'; branches: ShStatement[][] }
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

let posixParser: ReturnType<typeof syntax.NewParser> | null = null;
let bashParser: ReturnType<typeof syntax.NewParser> | null = null;

/** Parses shell text; null when it is not valid shell (the caller then knows nothing). */
export function parseShell(src: string, dialect: 'posix' | 'bash' = 'bash'): ShProgram | null {
  try {
    if (dialect === 'posix') posixParser ??= syntax.NewParser(syntax.Variant(syntax.LangPOSIX));
    else bashParser ??= syntax.NewParser(syntax.Variant(syntax.LangBash));
    const parser = dialect === 'posix' ? posixParser! : bashParser!;
    const file = parser.Parse(src, 'sh');
    byteToIndex = /[^\t\n\r -~]/.test(src) ? utf8Offsets(src) : null;
    return { statements: stmts(file.Stmts) };
  } catch {
    if (dialect === 'posix') return parseShell(src, 'bash');
    return null;
  }
}

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
  switch (syntax.NodeType(n)) {
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
      let c: ShNode | null = n;
      while (c) {
        branches.push(stmts(c.Then));
        c = (c.Else as ShNode | null) ?? null;
      }
      return { kind: 'if', branches };
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
    const t = syntax.NodeType(p);
    if (
      t === 'Lit' &&
      (/[*?[\]{}\\]/.test(String(p.Value)) || (i === 0 && String(p.Value).startsWith('~')))
    )
      literal = false;
    if (t === 'Lit' || t === 'SglQuoted') value = value === null ? null : value + String(p.Value);
    else if (t === 'DblQuoted') {
      for (const q of list(p.Parts)) {
        const qt = syntax.NodeType(q);
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
