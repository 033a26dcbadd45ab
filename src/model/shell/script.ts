// An entrypoint script read from the build context: does it hand PID 1 to the main
// process (`exec`), keep it as a foreground child, background it and `wait` (with or
// without a TERM-forwarding trap), or start it and poll until `exit 1` (a field report: docs/rules/entrypoint-script-background.md)?
// A script file never gets `sh -c`'s exec optimisation: its shell stays PID 1 unless it execs.
import type { ShellFamily } from '../knowledge/images';
import { cdTargets } from './exec-optimisation';
import {
  commandName,
  parseShell,
  walkStatements,
  type ShStatement,
  type ShWord,
  type Span,
} from './ast';

export type ScriptEnding =
  | 'exec' // ends in `exec prog …`: prog becomes PID 1
  | 'foreground' // runs the main program as a child and waits for it
  | 'background-wait' // `prog &` … `wait`
  | 'background' // `prog &` and then something else (sleep/tail loop) or nothing
  | 'poll-exit' // polls in a sleep loop and exits non-zero on timeout (a field report: docs/rules/entrypoint-script-background.md)
  | 'unknown';

export interface ScriptAnalysis {
  /** From the shebang: a family, 'sh' (the image's /bin/sh), or null for non-shell interpreters. */
  interpreter: ShellFamily | 'sh' | null;
  shebangHasCR: boolean;
  ending: ScriptEnding;
  /** The main command (exec'd, foreground or backgrounded), `exec` stripped. */
  mainWords: ShWord[];
  /** The statement to point at / edit. */
  main: (Span & { hasExec: boolean; redirects: number }) | null;
  trapsTerm: boolean;
  /** A TERM trap whose handler signals the children (`kill`). */
  trapForwards: boolean;
  backgrounded: Span[];
  pollLoop: Span | null;
  exitNonZero: Span | null;
  /** Static `cd DIR` at the top level before the main command. */
  cdDirs: string[];
  /** The script ends in a loop (with a TERM trap it stops promptly: the trap runs between iterations). */
  endsInLoop: boolean;
  /** The script's last step sources another script (`. ./run.sh`): that script decides (same process). */
  sourced: string | null;
  /** `set -- prog "$@"` under a test of the first argument: what the script then runs. */
  prepends: Prepend[];
  /** The main command was found inside a function the script calls (`_main "$@"`). */
  viaFunction: string | null;
  /** A TERM trap that signals the child and waits for it again (its shutdown can complete). */
  trapWaits: boolean;
}

/**
 * The prepend pattern of official images' entrypoints (shape of docker-library's redis,
 * node, postgres `docker-entrypoint.sh`): `if [ "${1#-}" != "$1" ]; then set -- prog "$@"; fi`
 * runs `prog` when the first argument is a flag (`flag`), is not a command (`not-command`,
 * `command -v "$1"`), or ends in a suffix (`suffix`, `"${1%.conf}" != "$1"`).
 */
export interface Prepend {
  words: string[];
  when: ({ kind: 'flag' } | { kind: 'not-command' } | { kind: 'suffix'; suffix: string })[];
}

export function shebangInterpreter(text: string): {
  interpreter: ScriptAnalysis['interpreter'];
  cr: boolean;
} {
  const first = text.slice(0, text.indexOf('\n') >= 0 ? text.indexOf('\n') : text.length);
  const cr = first.endsWith('\r');
  const m = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(first.trimEnd());
  if (!m) return { interpreter: 'sh', cr };
  const prog = (m[1]!.endsWith('/env') ? (m[2] ?? '') : m[1]!).split('/').pop() ?? '';
  if (prog === 'bash') return { interpreter: 'bash', cr };
  if (prog === 'dash') return { interpreter: 'dash', cr };
  if (prog === 'ash') return { interpreter: 'ash', cr };
  if (prog === 'sh') return { interpreter: 'sh', cr };
  return { interpreter: null, cr };
}

/**
 * The program line of a shebang as the kernel runs it: `#!/usr/bin/env python3` → python3,
 * `#!/usr/bin/python3 -u` → /usr/bin/python3 -u; null without a shebang. `env`'s own
 * options (`-S`) are skipped; the kernel passes the rest of the line as one argument.
 */
export function shebangCommand(text: string): { program: string; argv: string[] } | null {
  const nl = text.indexOf('\n');
  const first = (nl >= 0 ? text.slice(0, nl) : text).replace(/\r$/, '');
  const m = /^#!\s*(\S+)\s*(.*)$/.exec(first);
  if (!m) return null;
  const interp = m[1]!;
  const rest = m[2]!.trim();
  if (interp.endsWith('/env')) {
    const words = rest.split(/\s+/).filter((w) => w !== '');
    while (words[0]?.startsWith('-')) words.shift();
    return words[0] ? { program: words[0], argv: words } : null;
  }
  return { program: interp, argv: rest ? [interp, rest] : [interp] };
}

const isSleepLoop = (s: ShStatement): boolean =>
  s.command.kind === 'loop' &&
  [...walkStatements([...s.command.condition, ...s.command.body])].some(
    (x) => commandName(x) === 'sleep',
  );

function exitCode(s: ShStatement): number | null {
  if (s.command.kind !== 'simple' || commandName(s) !== 'exit') return null;
  const arg = s.command.words[1];
  if (!arg) return 0;
  return arg.value !== null && /^\d+$/.test(arg.value) ? Number(arg.value) : null;
}

export function analyseScript(text: string): ScriptAnalysis {
  const { interpreter, cr } = shebangInterpreter(text);
  const base: ScriptAnalysis = {
    interpreter,
    shebangHasCR: cr,
    ending: 'unknown',
    mainWords: [],
    main: null,
    trapsTerm: false,
    trapForwards: false,
    backgrounded: [],
    pollLoop: null,
    exitNonZero: null,
    cdDirs: [],
    endsInLoop: false,
    sourced: null,
    prepends: [],
    viaFunction: null,
    trapWaits: false,
  };
  if (interpreter === null) return base;
  const program = parseShell(
    text.replace(/\r\n/g, ' \n'),
    interpreter === 'bash' ? 'bash' : 'posix',
  );
  if (!program) return base;
  const functions = functionBodies(program.statements);
  let top = program.statements.filter((s) => s.command.kind !== 'function');
  const all = [...walkStatements(program.statements)];
  for (const s of all) {
    if (commandName(s) === 'trap' && s.command.kind === 'simple') {
      const w = s.command.words;
      if (w.slice(2).some((x) => /^(SIG)?TERM$|^15$/i.test(x.value ?? ''))) {
        base.trapsTerm = true;
        const handler = trapHandler(w[1]?.value ?? null, functions);
        base.trapForwards = base.trapForwards || handler.kills;
        base.trapWaits = base.trapWaits || (handler.kills && handler.waits);
      }
    }
    if (s.background) base.backgrounded.push({ start: s.start, end: s.end });
    if (!base.pollLoop && isSleepLoop(s)) base.pollLoop = { start: s.start, end: s.end };
    const code = exitCode(s);
    if (code !== null && code !== 0 && !base.exitNonZero)
      base.exitNonZero = { start: s.start, end: s.end };
  }
  // The statement that ends the script's normal path: through `&&`/`||`, an `if` guard
  // without `else` around a call (`if ! _is_sourced; then _main "$@"; fi`), and into a
  // function the script calls with its arguments (`_main "$@"`).
  let last = top[top.length - 1];
  for (let depth = 0; last && depth < 8; depth++) {
    const c: ShStatement['command'] = last.command;
    if (c.kind === 'and' || c.kind === 'or') {
      last = c.right;
      continue;
    }
    if (c.kind === 'if' && c.branches.length === 1 && !last.background) {
      const inner = c.branches[0]![c.branches[0]!.length - 1];
      const innerName = inner ? commandName(inner) : null;
      // Only a call of the script's own function (the `_is_sourced` guard): an `exec` under
      // an arbitrary test would claim a branch the container may not take.
      if (inner && innerName && functions.has(innerName)) {
        last = inner;
        continue;
      }
    }
    const name = commandName(last);
    const body = name ? functions.get(name) : undefined;
    if (body && c.kind === 'simple' && !last.background && passesArgs(c.words.slice(1))) {
      base.viaFunction = name;
      top = body;
      last = body[body.length - 1];
      continue;
    }
    break;
  }
  if (!last) return base;
  base.prepends = prependsIn(
    top.filter((t) => t.end <= last!.start),
    text,
  );
  base.endsInLoop = last.command.kind === 'loop';
  const lastName = commandName(last);
  const words = last.command.kind === 'simple' ? last.command.words : [];
  const setMain = (s: ShStatement, w: ShWord[], hasExec: boolean): void => {
    base.main = { start: s.start, end: s.end, hasExec, redirects: s.redirects };
    base.mainWords = w;
    base.cdDirs = cdTargets(top.filter((t) => t.end <= s.start));
  };
  if ((lastName === '.' || lastName === 'source') && words[1]?.value && !last.background) {
    base.sourced = words[1].value;
    base.cdDirs = cdTargets(top.filter((t) => t.end <= last.start));
    return base;
  }
  if (lastName === 'exec' && words.length > 1 && !last.background) {
    base.ending = 'exec';
    setMain(last, words.slice(1), true);
    return base;
  }
  const bgStatements = all.filter((s) => s.background && s.command.kind === 'simple');
  const mainBg = bgStatements[bgStatements.length - 1];
  if (base.pollLoop && base.exitNonZero) {
    base.ending = 'poll-exit';
    if (mainBg)
      setMain(mainBg, mainBg.command.kind === 'simple' ? mainBg.command.words : [], false);
    return base;
  }
  if (mainBg) {
    const waits = all.some((s) => commandName(s) === 'wait');
    base.ending = waits ? 'background-wait' : 'background';
    setMain(mainBg, mainBg.command.kind === 'simple' ? mainBg.command.words : [], false);
    return base;
  }
  if (
    last.command.kind === 'simple' &&
    words.length > 0 &&
    !last.background &&
    exitCode(last) === null
  ) {
    base.ending = 'foreground';
    setMain(last, words, false);
  }
  return base;
}

/** Top-level functions: name → body statements (the `{ }` unwrapped). */
function functionBodies(statements: readonly ShStatement[]): Map<string, ShStatement[]> {
  const out = new Map<string, ShStatement[]>();
  for (const s of statements) {
    if (s.command.kind !== 'function' || !s.command.name) continue;
    const only = s.command.body.length === 1 ? s.command.body[0]! : null;
    out.set(
      s.command.name,
      only && (only.command.kind === 'block' || only.command.kind === 'subshell')
        ? only.command.body
        : s.command.body,
    );
  }
  return out;
}

/** A call that hands the script's own arguments on (`f "$@"`) or none. */
const passesArgs = (args: readonly ShWord[]): boolean =>
  args.length === 0 || (args.length === 1 && args[0]!.isArgs);

/**
 * What a trap's action does: signal a child (`kill`) and wait for it again, directly or
 * through a function of the script (`trap _term TERM INT`, shape of process-manager and
 * browser entrypoints).
 */
function trapHandler(
  action: string | null,
  functions: ReadonlyMap<string, ShStatement[]>,
): { kills: boolean; waits: boolean } {
  const result = { kills: false, waits: false };
  if (!action) return result;
  const parsed = parseShell(action, 'posix');
  if (!parsed) return result;
  const visit = (statements: readonly ShStatement[], depth: number): void => {
    for (const s of walkStatements(statements)) {
      const name = commandName(s);
      if (name === 'kill') result.kills = true;
      else if (name === 'wait') result.waits = true;
      else if (name && depth < 3 && functions.has(name)) visit(functions.get(name)!, depth + 1);
    }
  };
  visit(parsed.statements, 0);
  return result;
}

/** The source text of a word, for recognising `"${1#-}"` and its spellings. */
const wordText = (w: ShWord, text: string): string =>
  text
    .slice(w.start, w.end)
    .replace(/^"(.*)"$/, '$1')
    .replace(/\$\{1\}/g, '$1');

function prependTests(conditions: readonly ShStatement[], text: string): Prepend['when'] {
  const when: Prepend['when'] = [];
  for (const s of walkStatements(conditions)) {
    if (s.command.kind !== 'simple') continue;
    const words = s.command.words.map((w) => wordText(w, text));
    if (words.includes('${1#-}') || words.includes('${1:0:1}')) when.push({ kind: 'flag' });
    const suffix = words.map((w) => /^\$\{1%([\w.*-]+)\}$/.exec(w)?.[1]).find(Boolean);
    if (suffix) when.push({ kind: 'suffix', suffix: suffix.replace(/^\*/, '') });
    if (words[0] === 'command' && words[1] === '-v' && words[2] === '$1')
      when.push({ kind: 'not-command' });
    // `[ -z "$(command -v "$1")" ]`: the substitution's text holds the test.
    if (words.some((w) => /command -v "?\$1"?/.test(w))) when.push({ kind: 'not-command' });
  }
  return when;
}

/** `if TEST-OF-$1; then set -- prog "$@"; fi` statements before the main command. */
function prependsIn(before: readonly ShStatement[], text: string): Prepend[] {
  const out: Prepend[] = [];
  for (const s of before) {
    const c = s.command;
    if (c.kind !== 'if' || c.branches.length !== 1) continue;
    const set = c.branches[0]!.find((b) => commandName(b) === 'set');
    if (!set || set.command.kind !== 'simple') continue;
    const w = set.command.words;
    if (w[1]?.value !== '--' || !w[w.length - 1]!.isArgs) continue;
    const words = w.slice(2, -1);
    if (words.length === 0 || !words.every((x) => x.literal)) continue;
    const when = prependTests(c.conditions[0] ?? [], text);
    if (when.length) out.push({ words: words.map((x) => x.value!), when });
  }
  return out;
}
