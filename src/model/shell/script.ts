// An entrypoint script read from the build context: does it hand PID 1 to the main
// process (`exec`), keep it as a foreground child, background it and `wait` (with or
// without a TERM-forwarding trap), or start it and poll until `exit 1` (seed 000)?
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
  | 'poll-exit' // polls in a sleep loop and exits non-zero on timeout (seed 000)
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
  };
  if (interpreter === null) return base;
  const program = parseShell(
    text.replace(/\r\n/g, ' \n'),
    interpreter === 'bash' ? 'bash' : 'posix',
  );
  if (!program) return base;
  const top = program.statements.filter((s) => s.command.kind !== 'function');
  const all = [...walkStatements(program.statements)];
  for (const s of all) {
    if (commandName(s) === 'trap' && s.command.kind === 'simple') {
      const w = s.command.words;
      if (w.slice(2).some((x) => /^(SIG)?TERM$|^15$/i.test(x.value ?? ''))) {
        base.trapsTerm = true;
        if (/\bkill\b/.test(w[1]?.value ?? '')) base.trapForwards = true;
      }
    }
    if (s.background) base.backgrounded.push({ start: s.start, end: s.end });
    if (!base.pollLoop && isSleepLoop(s)) base.pollLoop = { start: s.start, end: s.end };
    const code = exitCode(s);
    if (code !== null && code !== 0 && !base.exitNonZero)
      base.exitNonZero = { start: s.start, end: s.end };
  }
  // The statement that ends the script's normal path.
  let last = top[top.length - 1];
  while (last && (last.command.kind === 'and' || last.command.kind === 'or'))
    last = last.command.right;
  if (!last) return base;
  base.endsInLoop = last.command.kind === 'loop';
  const lastName = commandName(last);
  const words = last.command.kind === 'simple' ? last.command.words : [];
  const setMain = (s: ShStatement, w: ShWord[], hasExec: boolean): void => {
    base.main = { start: s.start, end: s.end, hasExec, redirects: s.redirects };
    base.mainWords = w;
    base.cdDirs = cdTargets(top.filter((t) => t.end <= s.start));
  };
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
