// What `/bin/sh -c STRING` leaves as PID 1, per shell family: the measured table of
// docs/measurements.md (shells as PID 1). A shell that execs the command
// disappears; one that forks stays PID 1 with the command as its child.
import type { ShellFamily } from '../knowledge/images';
import { parseShell, walkStatements, commandName, type ShStatement, type ShWord } from './ast';

export type CommandShape =
  | 'exec' // `exec prog …` as the last command: every shell replaces itself
  | 'simple' // one simple command
  | 'list' // `a; b` ending in a simple command
  | 'and' // `a && b`
  | 'or' // `a || b`
  | 'assign' // `X=1 prog`
  | 'redirect' // last command has a redirection
  | 'pipe' // last command is a pipeline
  | 'trap' // a trap is set
  | 'background' // last command is `&`
  | 'group' // the last command is the last one inside a `{ …; }` group
  | 'subshell' // the last command is the last one inside a `( … )` subshell
  | 'branch' // the last command is an `if`: what runs last depends on the branch taken
  | 'compound' // while/for/case/function, a redirected or negated group…: the shell runs it itself
  | 'empty'
  | 'unparsable';

export interface DashCAnalysis {
  shape: CommandShape;
  /** The command the shell runs last (what becomes PID 1 if the shell execs it). */
  last: ShStatement | null;
  /** Words of that command, `exec` stripped. */
  lastWords: ShWord[];
  /** `exec` is already there. */
  hasExec: boolean;
  /** The command has shell features (variables, &&, pipes, redirections…): not convertible to exec form. */
  usesShellFeatures: boolean;
  /** Static `cd DIR` run before the last command, in order (relative paths resolve against them). */
  cdDirs: string[];
}

/** `cd DIR` (static DIR) among statements that run before `last`. */
export function cdTargets(before: readonly ShStatement[]): string[] {
  const dirs: string[] = [];
  for (const s of before) {
    if (s.command.kind === 'and' || s.command.kind === 'or') {
      dirs.push(...cdTargets([s.command.left, s.command.right]));
      continue;
    }
    if (s.command.kind === 'simple' && commandName(s) === 'cd' && !s.background) {
      const d = s.command.words[1]?.value;
      if (d) dirs.push(d);
    }
  }
  return dirs;
}

const builtinsThatStay = new Set([
  'wait',
  ':',
  'true',
  'false',
  'read',
  'eval',
  '.',
  'source',
  'exit',
  'return',
]);

export function analyseDashC(src: string): DashCAnalysis {
  const program = parseShell(src, 'posix');
  const none = (shape: CommandShape): DashCAnalysis => ({
    shape,
    last: null,
    lastWords: [],
    hasExec: false,
    usesShellFeatures: true,
    cdDirs: [],
  });
  if (!program) return none('unparsable');
  const top = program.statements;
  if (top.length === 0) return none('empty');
  const hasTrap = [...walkStatements(top)].some((s) => commandName(s) === 'trap');
  let shape: CommandShape = top.length > 1 ? 'list' : 'simple';
  let last: ShStatement = top[top.length - 1]!;
  const before: ShStatement[] = top.slice(0, -1);
  // Follow && / || chains, and `{ }` / `( )` groups, to the command that runs last.
  let grouped: 'group' | 'subshell' | null = null;
  for (;;) {
    const c = last.command;
    if (last.background) return { ...none('background'), last };
    if ((c.kind === 'and' || c.kind === 'or') && !last.negated && last.redirects === 0) {
      if (c.kind === 'and') before.push(c.left);
      if (shape === 'simple' || shape === 'list') shape = c.kind;
      else if (c.kind === 'or') shape = 'or';
      last = c.right;
      continue;
    }
    // A redirected or negated group stays a compound command (measured: all three shells stay).
    if (
      (c.kind === 'block' || c.kind === 'subshell') &&
      !last.negated &&
      last.redirects === 0 &&
      c.body.length > 0
    ) {
      // An outer `( )` decides: `exec` inside a forked subshell does not replace PID 1.
      if (grouped !== 'subshell') grouped = c.kind === 'block' ? 'group' : 'subshell';
      before.push(...c.body.slice(0, -1));
      last = c.body[c.body.length - 1]!;
      continue;
    }
    break;
  }
  const c = last.command;
  if (last.background) return { ...none('background'), last };
  if (c.kind === 'pipe') return { ...none(hasTrap ? 'trap' : 'pipe'), last };
  if (c.kind === 'if' && !last.negated && last.redirects === 0 && !hasTrap)
    return { ...none('branch'), last };
  if (c.kind !== 'simple' || last.negated) return { ...none(hasTrap ? 'trap' : 'compound'), last };
  let words = c.words;
  const hasExec = words[0]?.value === 'exec' && words.length > 1;
  if (hasExec) words = words.slice(1);
  const result = (s: CommandShape): DashCAnalysis => ({
    shape: s,
    last,
    lastWords: words,
    hasExec,
    cdDirs: cdTargets(before),
    usesShellFeatures:
      top.length > 1 ||
      shape !== 'simple' ||
      last.redirects > 0 ||
      c.assigns > 0 ||
      words.some((w) => w.value === null) ||
      hasTrap,
  });
  // `exec` inside a `( )` that the shell forks replaces the fork, not PID 1.
  if (hasExec) return result(grouped === 'subshell' ? 'subshell' : 'exec');
  if (grouped && words.length > 0 && !builtinsThatStay.has(words[0]!.value ?? '') && !hasTrap)
    return result(grouped);
  if (words.length === 0) return result(c.assigns > 0 ? 'assign' : 'empty');
  if (builtinsThatStay.has(words[0]!.value ?? '')) return { ...result('compound') };
  if (hasTrap) return result('trap');
  if (last.redirects > 0) return result('redirect');
  if (c.assigns > 0 && shape === 'simple') return result('assign');
  return result(shape);
}

/**
 * Does `family`'s `sh -c` stay PID 1 for this shape? true: stays; false: execs the last
 * command; null: not measured and not derivable.
 */
export function shellStays(family: ShellFamily, shape: CommandShape): boolean | null {
  if (shape === 'exec') return false; // every column of the table: `exec sleep 1000` → sleep
  switch (shape) {
    case 'pipe':
    case 'trap':
    case 'compound':
      return true; // measured: all three families stay for pipes and traps
    case 'background':
    case 'empty':
    case 'unparsable':
      return null;
    case 'group':
    case 'subshell':
      // Measured here 2026-11-22 (`{ echo hi; sleep 1000; }`, `{ cd / && sleep 1000; }`,
      // `{ X=1 sleep 1000; }`, `{ sleep 1000 > /dev/null; }`, `( sleep 1000 )`,
      // `(echo hi; sleep 1000)`): dash and bash stay PID 1, BusyBox ash execs the last command.
      return family !== 'ash';
    case 'branch':
      // Measured: dash and bash stay for `if true; then sleep 1000; fi`; BusyBox ash execs
      // the branch's last command, so which program is PID 1 depends on the branch taken.
      return family === 'ash' ? null : true;
  }
  switch (family) {
    case 'dash':
      return true; // dash 0.5.12 never execs the last command (measured)
    case 'bash':
      // bash 5.2 execs a single simple command, after `;`, `&&`, `||`, with assignments; not
      // with redirections (docs/measurements.md; `false || sleep 1000` → sleep measured here 2026-11-22).
      return shape === 'redirect';
    case 'ash':
      // BusyBox ash execs the last simple command, redirections included (docs/measurements.md), after
      // `&&` and `||` too (`cd / && sleep 1000`, `false || sleep 1000` measured here 2026-11-22).
      return false;
  }
}

/** Human description of the measured behaviour, for reasons. */
export function describeStay(
  family: ShellFamily,
  shape: CommandShape,
  stays: boolean | null,
): string {
  const name = family === 'ash' ? 'BusyBox ash' : family;
  const what =
    shape === 'exec'
      ? 'an `exec` command'
      : shape === 'pipe'
        ? 'a pipeline'
        : shape === 'trap'
          ? 'a command after `trap`'
          : shape === 'redirect'
            ? 'a command with a redirection'
            : shape === 'compound'
              ? 'a compound command'
              : shape === 'group'
                ? 'the last command of a `{ }` group'
                : shape === 'subshell'
                  ? 'the last command of a `( )` subshell'
                  : shape === 'branch'
                    ? 'an `if` command'
                    : shape === 'list' || shape === 'and' || shape === 'or'
                      ? 'a command list'
                      : 'a single simple command';
  if (stays === null && shape === 'branch')
    return `${name} -c execs the last command of the \`if\` branch it takes (measured), so PID 1 depends on the branch.`;
  if (stays === null) return `${name} -c with ${what}: not measured, PID 1 unknown.`;
  return stays
    ? `${name} -c stays PID 1 for ${what} and runs it as a child (measured: docs/measurements.md).`
    : `${name} -c execs ${what}, so the command replaces the shell as PID 1 (measured: docs/measurements.md).`;
}
