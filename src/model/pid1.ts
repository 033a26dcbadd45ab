// Who is PID 1, will `docker stop` end it gracefully, does it reap orphans: the one model
// every surface asks (the Dockerfile verdict, the explorer, `ps`, the host audit, the stop
// test, Explain Exit). Static facts (a Dockerfile's command, the scripts its build context
// holds) and live facts (PID 1's real /proc/<pid>/cmdline, its signal masks, `--init`) are
// inputs to the same resolve-then-judge; live facts refine, they do not start a second model.
// Pure: no Docker, no files, no vscode; files come in through `Pid1Context.findFile`.
import { families, type ImageFamily, type ShellFamily } from './knowledge/images';
import {
  execWrappers,
  goBinaryFacts,
  initNames,
  programFacts,
  shellNames,
  type ProgramFacts,
} from './knowledge/programs';
import {
  analyseDashC,
  describeStay,
  shellStays,
  type DashCAnalysis,
} from './shell/exec-optimisation';
import { analyseScript, shebangCommand, type Prepend, type ScriptAnalysis } from './shell/script';
import { parseShell, type ShWord } from './shell/ast';
import { resolvePath } from './paths';
import type { RuntimeVerdict } from './types';

/** A file the image will hold (read from the build context, or anywhere else). */
export interface ImageFile {
  /** Where it was read from, for messages (a build-context-relative path). */
  relativePath: string;
  /** Where the file is in the image (the path the program name resolved to). */
  imagePath?: string;
  text: string;
  /** The file is written by a heredoc in the Dockerfile (not a build-context file). */
  inDockerfile?: { offset: number };
}

/** What is known about the container around its argv. */
export interface Pid1Context {
  /** The base image's family (which `/bin/sh` it has), null when not known. */
  family: ImageFamily | null;
  /** Working directory of the command (WORKDIR). */
  workdir: string;
  /** The stop signal without SIG (STOPSIGNAL, or the container's Config.StopSignal). */
  stopSignal: string;
  /** The file the image holds at `path` (relative paths against `cwd`; a bare program name is looked up on PATH when `isProgram`); null when not known. */
  findFile?: (path: string, cwd: string, isProgram: boolean) => ImageFile | null;
  /** The base image's entrypoint script, known to exec its arguments, and its default command. */
  execingEntrypoint?: { program: string; defaultCmd: readonly string[] } | null;
  /**
   * The toolchain that built the file at `path` in an earlier build stage (`COPY --from`),
   * with a sentence saying how that is known; null when not known.
   */
  builtBy?: (path: string, cwd: string) => { toolchain: 'go'; how: string } | null;
  /** The argv is PID 1's real /proc/<pid>/cmdline (measured), not a prediction. */
  measured?: boolean;
}

interface ResolveContext extends Pid1Context {
  /** Working directory of the command being resolved (WORKDIR, then any `cd` before it). */
  cwd: string;
}

/** One process in the chain from PID 1 to the main program. `at` is its argv[0]'s index in the top argv (-1 when not in it). */
export type Layer =
  | {
      kind: 'init';
      name: string;
      argv: string[];
      at: number;
      options: string[];
      dashDash: boolean;
      child: Layer | null;
    }
  | {
      kind: 'shell-c';
      shellName: string;
      argv: string[];
      at: number;
      family: ShellFamily | null;
      /** Index in the top argv of the `-c` string (-1 when not in it). */
      scriptAt: number;
      script: string;
      analysis: DashCAnalysis;
      stays: boolean | null;
      /** The argv was read from /proc: this shell is PID 1 now. */
      measured?: boolean;
      next: Layer | null;
    }
  | {
      kind: 'script';
      argv: string[];
      at: number;
      file: ImageFile;
      analysis: ScriptAnalysis;
      family: ShellFamily | null;
      next: Layer | null;
    }
  | {
      kind: 'program';
      name: string;
      argv: string[];
      at: number;
      facts: ProgramFacts | null;
      /** The app's own source was found in the context; did it install a handler for the stop signal? */
      handler: { path: string; found: boolean; via?: string } | null;
      /** The context script the kernel started this interpreter for (by its shebang). */
      script?: ImageFile;
    }
  | { kind: 'unknown'; argv: string[] | null; at: number; why: string }
  | CannotStartLayer;

/**
 * A command that cannot start (measured, docs/rules/cannot-start.md): the kernel or the
 * shell refuses it before any program of the image runs.
 */
export interface CannotStartLayer {
  kind: 'cannot-start';
  argv: string[];
  at: number;
  cause: CannotStartCause;
  /** The container's exit code (State.ExitCode); null when the build itself fails. */
  exitCode: number | null;
  /** What Docker or the shell prints (State.Error, the container's log, or the build's error). */
  error: string;
  /** The script the kernel cannot execute (no shebang). */
  file?: ImageFile;
}

export type CannotStartCause =
  /** The first word of a `sh -c` string is `[word,`: a JSON exec form Docker could not parse. */
  | 'broken-exec-form'
  /** argv[0] holds a whole command line (`["npm start"]`). */
  | 'argv0-command-line'
  /** A script without `#!` exec'd by the kernel. */
  | 'no-shebang';

const basename = (p: string): string => p.split('/').pop() ?? p;

function initOptions(
  name: string,
  argv: string[],
): { options: string[]; dashDash: boolean; rest: number } {
  const withValue =
    name.startsWith('tini') || name === 'docker-init'
      ? ['-p', '-e']
      : name === 'dumb-init'
        ? ['-r', '--rewrite']
        : [];
  let i = 1;
  const options: string[] = [];
  while (i < argv.length) {
    const a = argv[i]!;
    if (a === '--') return { options, dashDash: true, rest: i + 1 };
    if (!a.startsWith('-')) break;
    options.push(a);
    if (withValue.includes(a)) {
      i++;
      if (i < argv.length) options.push(argv[i]!);
    }
    i++;
  }
  return { options, dashDash: false, rest: i };
}

function wordsToArgv(words: ShWord[], script: string, args: string[]): string[] {
  const out: string[] = [];
  for (const w of words) {
    if (w.isArgs) out.push(...args);
    else out.push(w.value ?? script.slice(w.start, w.end));
  }
  return out;
}

const nodeHandler =
  /process\s*\.\s*(on|once|addListener|prependListener)\s*\(\s*['"`]SIG(TERM|INT)['"`]/;
const pythonHandler =
  /signal\s*\.\s*signal\s*\(\s*(signal\s*\.\s*)?SIG(TERM|INT)\b|add_signal_handler\s*\(\s*(signal\s*\.\s*)?SIGTERM/;

/**
 * Frameworks that install SIGTERM handlers when the app starts them from its own code.
 * Measured here 2026-11-22 (lab Debian image + Debian's python3-uvicorn 0.17): `python3
 * app.py` calling `uvicorn.run(app)` stopped in 0.23 s with exit 0 ("Shutting down"), the
 * same app without it 5.1 s, exit 137.
 */
const pythonFrameworkHandlers: [RegExp, string][] = [[/\buvicorn\s*\.\s*run\s*\(/, 'uvicorn.run']];

function handlerIn(
  name: string,
  f: ImageFile,
): { path: string; found: boolean; via?: string } | null {
  const isNode = name === 'node' || name === 'nodejs';
  if (!isNode && name !== 'python') return null;
  if ((isNode ? nodeHandler : pythonHandler).test(f.text))
    return { path: f.relativePath, found: true };
  const framework = isNode ? undefined : pythonFrameworkHandlers.find(([re]) => re.test(f.text));
  return framework
    ? { path: f.relativePath, found: true, via: framework[1] }
    : { path: f.relativePath, found: false };
}

function appHandler(
  name: string,
  argv: string[],
  rc: ResolveContext,
): { path: string; found: boolean; via?: string } | null {
  const isNode = name === 'node' || name === 'nodejs';
  if (!isNode && name !== 'python') return null;
  const file = argv.slice(1).find((a) => (isNode ? /\.(c|m)?js$/.test(a) : /\.py$/.test(a)));
  if (!file) return null;
  const f = rc.findFile?.(file, rc.cwd, false) ?? null;
  return f ? handlerIn(name, f) : null;
}

function resolve(argv: string[], at: number, rc: ResolveContext, depth: number): Layer {
  if (depth > 8 || argv.length === 0) return { kind: 'unknown', argv, at, why: 'no command' };
  const prog = argv[0]!;
  let name = basename(prog);
  if (/^\$|\$\{/.test(prog))
    return { kind: 'unknown', argv, at, why: `the program is a variable (${prog})` };
  // runc execs argv[0] as one file name (measured: `["npm start"]` exits 127).
  if (at === 0 && /\s/.test(prog.trim()) && !rc.findFile?.(prog, rc.cwd, true))
    return {
      kind: 'cannot-start',
      argv,
      at,
      cause: 'argv0-command-line',
      exitCode: 127,
      error: prog.includes('/')
        ? `exec: "${prog}": stat ${prog}: no such file or directory`
        : `exec: "${prog}": executable file not found in $PATH`,
    };
  // An official image's entrypoint script (inherited, not in the context) execs its arguments.
  const inherited = rc.execingEntrypoint;
  if (at === 0 && inherited?.program === prog) {
    let rest = argv.slice(1);
    if (rest.length === 0 || rest[0]!.startsWith('-'))
      rest = [...inherited.defaultCmd.slice(0, 1), ...rest];
    if (rest.length === 0) return { kind: 'unknown', argv, at, why: `${prog} without a command` };
    return resolve(rest, at + 1, rc, depth + 1);
  }
  const wrapper = execWrappers[name];
  if (wrapper) {
    // gosu/su-exec/env/nice…: they exec the program, which becomes PID 1.
    let i = 1;
    const valued = new Set([
      '-n',
      '-c',
      '-p',
      '-u',
      '-g',
      '--adjustment',
      '--class',
      '--classdata',
    ]);
    while (i < argv.length) {
      const a = argv[i]!;
      if (a === '--') {
        i++;
        break;
      }
      if (a.startsWith('-')) i += valued.has(a) && name !== 'env' ? 2 : 1;
      else if (name === 'env' && /^\w+=/.test(a)) i++;
      else break;
    }
    i += wrapper.skip;
    if (i < argv.length) return resolve(argv.slice(i), at >= 0 ? at + i : -1, rc, depth + 1);
    return { kind: 'unknown', argv, at, why: `${name} without a command` };
  }
  if (
    prog === '/sbin/init' ||
    prog === '/lib/systemd/systemd' ||
    prog === '/usr/lib/systemd/systemd'
  )
    name = 'systemd';
  if (initNames.has(name) && (name !== 'init' || prog === '/init')) {
    const { options, dashDash, rest } = initOptions(name, argv);
    const childArgv = argv.slice(rest);
    const childAt = at >= 0 ? at + rest : -1;
    const isTini = name.startsWith('tini') || name === 'docker-init';
    const child: Layer | null =
      isTini && childArgv.length && /\s/.test(childArgv[0]!.trim())
        ? {
            // tini's execvp of one file name (measured: exit 127).
            kind: 'cannot-start',
            argv: childArgv,
            at: childAt,
            cause: 'argv0-command-line',
            exitCode: 127,
            error: `[FATAL tini (7)] exec ${childArgv[0]} failed: No such file or directory`,
          }
        : childArgv.length &&
            ['tini', 'tini-static', 'docker-init', 'dumb-init', 'catatonit'].includes(name)
          ? resolve(childArgv, childAt, rc, depth + 1)
          : null;
    return { kind: 'init', name, argv, at, options, dashDash, child };
  }
  if (shellNames.has(name)) {
    let i = 1;
    for (; i < argv.length; i++) {
      const a = argv[i]!;
      if (a === '-o' || a === '+o' || a === '-O' || a === '+O') {
        i++; // set -o / shopt option with a value
        continue;
      }
      if (a === '--' || !/^[-+]/.test(a) || a === '-') break;
      if (/^-[a-z]*c[a-z]*$/i.test(a) && !a.startsWith('--')) {
        const script = argv[i + 1] ?? '';
        const family: ShellFamily | null =
          name === 'sh'
            ? rc.family
              ? families[rc.family].shell
              : null
            : name === 'bash' || name === 'dash' || name === 'ash'
              ? name
              : null;
        const broken = brokenExecForm(script, family);
        if (broken)
          return {
            kind: 'cannot-start',
            argv,
            at,
            cause: 'broken-exec-form',
            ...broken,
          };
        const analysis = analyseDashC(script);
        // Read from /proc, a shell at the top IS PID 1: it did not exec (yet).
        const measured = rc.measured === true && at === 0;
        const stays = measured ? true : stayVerdict(family, rc.family, analysis);
        let next: Layer | null = null;
        if (analysis.lastWords.length > 0) {
          const child = wordsToArgv(analysis.lastWords, script, argv.slice(i + 3));
          const cwd = analysis.cdDirs.reduce(resolvePath, rc.cwd);
          next = resolve(child, -1, { ...rc, cwd }, depth + 1);
        }
        return {
          kind: 'shell-c',
          shellName: name,
          argv,
          at,
          family,
          scriptAt: at >= 0 ? at + i + 1 : -1,
          script,
          analysis,
          stays,
          measured,
          next,
        };
      }
    }
    const scriptPath = argv[i] === '--' ? argv[i + 1] : argv[i];
    if (scriptPath) {
      const file = rc.findFile?.(scriptPath, rc.cwd, false) ?? null;
      if (file)
        return scriptLayer(
          file,
          argv,
          at,
          argv.slice(argv.indexOf(scriptPath) + 1),
          rc,
          depth,
          name,
        );
      return { kind: 'unknown', argv, at, why: `${scriptPath} is not in the build context` };
    }
    return {
      kind: 'program',
      name,
      argv,
      at,
      facts: programFacts(name)?.facts ?? null,
      handler: null,
    };
  }
  const file =
    /\.(sh|bash)$/.test(prog) || prog.includes('/') || !programFacts(prog, rc.family, argv)
      ? (rc.findFile?.(prog, rc.cwd, true) ?? null)
      : null;
  if (file && at === 0 && !file.text.startsWith('#!') && !file.text.startsWith('\x7fELF'))
    // runc execs it and the kernel finds no `#!` (measured: exit 1, exec format error).
    return {
      kind: 'cannot-start',
      argv,
      at,
      cause: 'no-shebang',
      exitCode: 1,
      error: `exec ${file.imagePath ?? prog}: exec format error`,
      file,
    };
  if (file) {
    const a = analyseScript(file.text);
    if (a.interpreter !== null)
      return scriptLayer(file, argv, at, argv.slice(1), rc, depth, null, a);
    // A script for another interpreter (`#!/usr/bin/env python3`): the kernel runs that
    // interpreter with the script's path, so the interpreter is PID 1 (measured by
    // test/docker/engine/signals.test.ts), and the script is the app's source.
    const sb = shebangCommand(file.text);
    const interp = sb ? programFacts(sb.program) : null;
    if (sb && interp && interp.facts.kind !== 'shell')
      return {
        kind: 'program',
        name: interp.name,
        // The kernel passes the script's resolved path (a PATH lookup ends in the full path).
        argv: [...sb.argv, file.imagePath ?? prog, ...argv.slice(1)],
        at,
        facts: interp.facts,
        handler: handlerIn(interp.name, file),
        script: file,
      };
  }
  if ((name === 'python' || /^python[\d.]*$/.test(name)) && argv[1] === '-m' && argv[2]) {
    const mod = programFacts(argv[2]);
    if (mod) return { kind: 'program', name: mod.name, argv, at, facts: mod.facts, handler: null };
  }
  const known =
    programFacts(prog, rc.family, name === 'uwsgi' ? uwsgiWithIniOptions(argv, rc) : argv) ??
    (name === 'su' && argv.includes('-c') ? suDashC : null) ??
    goBinary(prog, rc);
  const pname = known?.name ?? name;
  return {
    kind: 'program',
    name: pname,
    argv,
    at,
    facts: known?.facts ?? null,
    handler: appHandler(pname, argv, rc),
  };
}

/**
 * `su USER -c CMD` forks the user's shell and stays its parent (unlike gosu/su-exec, which
 * exec). Measured here 2026-12-03 (`exec su nobody -s /bin/sh -c "node server.js"`, node
 * with a SIGTERM handler): PID 1 was su; `docker stop -t 3` took 2.2 s, exit 143, log
 * "Session terminated, killing shell... ...killed."; su signalled the shell, not node,
 * whose handler never ran (util-linux su waits 2 s for its child, then SIGKILLs it).
 */
const suDashC: { name: string; facts: ProgramFacts } = {
  name: 'su',
  facts: {
    kind: 'tool',
    stopsOn: { TERM: true, INT: true },
    forwardsSignals: true,
    reapsZombies: false,
    spawnsChildren: true,
    source:
      "measured: `su USER -c CMD` as PID 1 stays the shell's parent; on TERM it signals the shell and kills it after 2 s (exit 143); docs/measurements.md",
  },
};

function scriptLayer(
  file: ImageFile,
  argv: string[],
  at: number,
  args: string[],
  rc: ResolveContext,
  depth: number,
  shellName: string | null,
  pre?: ScriptAnalysis,
): Layer {
  const analysis = pre ?? analyseScript(file.text);
  const interp = shellName && shellName !== 'sh' ? shellName : analysis.interpreter;
  const family: ShellFamily | null =
    interp === 'sh' || interp === null
      ? rc.family
        ? families[rc.family].shell
        : null
      : interp === 'bash' || interp === 'dash' || interp === 'ash'
        ? interp
        : null;
  let next: Layer | null = null;
  const cwd = analysis.cdDirs.reduce(resolvePath, rc.cwd);
  const prepended = applyPrepends(analysis.prepends, args, rc);
  if (typeof prepended === 'string')
    next = { kind: 'unknown', argv: null, at: -1, why: `${file.relativePath} ${prepended}` };
  else if (analysis.sourced !== null) {
    // `. ./run.sh` runs in the same shell process, with the same arguments.
    const sourced = rc.findFile?.(analysis.sourced, cwd, false) ?? null;
    next = sourced
      ? scriptLayer(sourced, argv, at, prepended, { ...rc, cwd }, depth + 1, shellName)
      : {
          kind: 'unknown',
          argv: null,
          at: -1,
          why: `${file.relativePath} ends by sourcing ${analysis.sourced}, which is not in the build context`,
        };
  } else if (analysis.mainWords.length > 0)
    next = resolve(
      wordsToArgv(analysis.mainWords, file.text, prepended),
      -1,
      { ...rc, cwd },
      depth + 1,
    );
  return { kind: 'script', argv, at, file, analysis, family, next };
}

/**
 * The script's arguments after its prepend tests (`set -- prog "$@"` when the first argument
 * is a flag, ...), or a sentence saying why that cannot be known.
 */
function applyPrepends(
  prepends: readonly Prepend[],
  args: string[],
  rc: ResolveContext,
): string[] | string {
  let out = args;
  for (const p of prepends) {
    const first = out[0];
    let applies: boolean | null = false;
    for (const w of p.when) {
      if (first === undefined) continue; // every test compares "$1" with itself: no prepend
      if (w.kind === 'flag' && first.startsWith('-')) applies = true;
      if (w.kind === 'suffix' && first.endsWith(w.suffix)) applies = true;
      if (w.kind === 'not-command' && applies === false) {
        // A known program or a file the image holds is a command; `server.js` is not.
        if (programFacts(first) || rc.findFile?.(first, rc.cwd, true)) continue;
        if (/\.(js|mjs|cjs|py|rb|conf|jar)$/.test(first)) applies = true;
        else applies = null;
      }
    }
    if (applies === null)
      return `runs ${p.words.join(' ')} unless \`${first}\` is a command in the image (\`command -v\`), which is not known here`;
    if (applies) out = [...p.words, ...out];
  }
  return out;
}

/**
 * A `-c` string that is an exec form Docker could not parse as JSON (`["python3", app.py]`,
 * `['node', 'x.js']`, a trailing comma): Docker ran it as shell form, and the shell looks
 * for a command named like `[python3,` (measured: exit 127 on dash and BusyBox ash), or
 * runs `[` (test) when a space follows the bracket (measured on dash: exit 2).
 */
function brokenExecForm(
  script: string,
  family: ShellFamily | null,
): { exitCode: number | null; error: string } | null {
  const text = script.trim();
  if (!text.startsWith('[') || !text.endsWith(']')) return null;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  // Valid JSON that is not all strings (`["sleep", 100]`): the build fails (measured).
  if (Array.isArray(json))
    return {
      exitCode: null,
      error:
        'failed to parse Dockerfile: when using JSON array syntax, arrays must be comprised of strings only',
    };
  const program = parseShell(text, 'posix');
  const only = program?.statements.length === 1 ? program.statements[0]! : null;
  if (!only || only.command.kind !== 'simple' || only.background) return null;
  const words = only.command.words;
  const first = words[0]?.value;
  if (!first) return null;
  if (first === '[' || first === '[[') {
    if (!words.some((w) => w.value?.endsWith(','))) return null;
    return {
      exitCode: 2,
      error: `[: ${words[1]?.value ?? ''}: unexpected operator`,
    };
  }
  return {
    exitCode: 127,
    error:
      family === 'dash'
        ? `/bin/sh: 1: ${first}: not found`
        : family === 'ash'
          ? `/bin/sh: ${first}: not found`
          : `${first}: not found`,
  };
}

function stayVerdict(
  family: ShellFamily | null,
  imageFamily: ImageFamily | null,
  a: DashCAnalysis,
): boolean | null {
  if (family) return shellStays(family, a.shape);
  if (imageFamily && families[imageFamily].shell === null) return null;
  const all = (['dash', 'bash', 'ash'] as const).map((f) => shellStays(f, a.shape));
  return all.every((v) => v === all[0]) ? all[0]! : null;
}

function stopHandled(facts: ProgramFacts | null, signal: string): boolean | null {
  if (!facts) return null;
  const v = facts.stopsOn[signal];
  if (v !== undefined) return v;
  if (signal === 'KILL') return true;
  return facts.kind === 'runtime' || facts.kind === 'tool' || facts.kind === 'shell' ? false : null;
}

type ShellLayer = Extract<Layer, { kind: 'shell-c' }>;

/** A `sh -c` that stays PID 1: it runs a TERM trap only between commands, it reaps while it waits. */
function shellAsPid1(
  layer: ShellLayer,
  reasons: string[],
): Omit<RuntimeVerdict, 'init' | 'reasons'> {
  const loopWithTrap =
    layer.analysis.shape === 'trap' && layer.analysis.last?.command.kind === 'loop';
  const forwarding = dashCForwards(layer);
  reasons.push(
    loopWithTrap
      ? 'The shell traps TERM while it loops: it runs the trap and stops (measured: docs/measurements.md).'
      : forwarding
        ? forwarding.waits
          ? 'The string backgrounds the program, traps TERM to signal it and waits for it again: the trap runs at once and the program shuts down (measured: exit 143 within a second, the handler ran; docs/measurements.md).'
          : 'The string backgrounds the program, traps TERM to signal it and waits: the trap runs at once (measured: exit 143 within a second), but the shell then exits and the kernel kills the program with it, so a shutdown that takes time is cut short (docs/measurements.md). Add `wait` in the trap.'
        : 'A shell as PID 1 has no SIGTERM handler: `docker stop` waits the whole grace period, then SIGKILL (exit 137).',
  );
  return {
    viaShell: true,
    pid1: { program: layer.shellName, argv: layer.argv },
    gracefulStop: loopWithTrap || forwarding !== null,
    // dash, bash and BusyBox ash all reap while they wait (knowledge/programs.ts, measured).
    reapsZombies: layer.family !== null || layer.shellName === 'sh' ? true : null,
  };
}

/**
 * Which shell /bin/sh is, and so whether it execs the command, is not known: judge both
 * outcomes and keep what they agree on (a shell that stays and a program without a handler
 * both end in SIGKILL).
 */
function undecidedShellVerdict(layer: ShellLayer, stop: string, reasons: string[]): RuntimeVerdict {
  reasons.push(
    layer.family
      ? describeStay(layer.family, layer.analysis.shape, null)
      : `${layer.shellName} -c: which shell /bin/sh is depends on the base image, which is not known, so whether it execs the command is unknown.`,
  );
  const none: RuntimeVerdict = {
    viaShell: true,
    init: null,
    reasons,
    pid1: null,
    gracefulStop: null,
    reapsZombies: null,
  };
  if (!layer.next) return none;
  const stayed = shellAsPid1(layer, []);
  const execd = verdictOf(layer.next, stop, []);
  const agree = <T>(a: T, b: T): T | null => (a === b ? a : null);
  const graceful = agree(stayed.gracefulStop, execd.gracefulStop);
  const reaps = agree(stayed.reapsZombies, execd.reapsZombies);
  if (graceful !== null)
    reasons.push(
      graceful
        ? `Either way the process that is PID 1 handles SIG${stop}.`
        : `Either way PID 1 ignores SIG${stop}: the shell if it stays, ${execd.pid1?.program ?? 'the command'} (no handler) if it execs; \`docker stop\` ends in SIGKILL (exit 137).`,
    );
  return { ...none, gracefulStop: graceful, reapsZombies: reaps };
}

const cannotStartWhy: Record<CannotStartCause, string> = {
  'broken-exec-form':
    'the exec form is not valid JSON, so Docker runs it as shell form and the shell fails on its first word',
  'argv0-command-line':
    'the first element of the exec form holds a whole command line, which is looked up as one file name',
  'no-shebang': 'the script has no `#!` line, so the kernel cannot execute it (exec format error)',
};

function verdictOf(layer: Layer, stop: string, reasons: string[]): RuntimeVerdict {
  const base = { viaShell: false, init: null as string | null, reasons };
  switch (layer.kind) {
    case 'unknown':
      reasons.push(`PID 1 cannot be known: ${layer.why}.`);
      return { ...base, pid1: null, gracefulStop: null, reapsZombies: null };
    case 'cannot-start':
      reasons.push(
        layer.exitCode === null
          ? `The image cannot be built: "${layer.error}". No container runs, so there is no stop to judge.`
          : `The container cannot start: ${cannotStartWhy[layer.cause]}, so it exits ${layer.exitCode} at once ("${layer.error}"). No process runs, so there is no stop to judge.`,
      );
      return {
        ...base,
        // Docker runs a broken exec form through `/bin/sh -c` (the shell is what fails).
        viaShell: layer.cause === 'broken-exec-form',
        pid1: null,
        gracefulStop: null,
        reapsZombies: null,
        appGetsStopSignal: null,
        cannotStart: { exitCode: layer.exitCode, error: layer.error },
      };
    case 'init': {
      if (layer.child?.kind === 'cannot-start')
        return { ...verdictOf(layer.child, stop, reasons), init: layer.name };
      const facts = programFacts(layer.name)?.facts ?? null;
      const graceful =
        layer.name === 'systemd'
          ? stop === 'RTMIN+3'
          : facts?.forwardsSignals
            ? true
            : stopHandled(facts, stop);
      reasons.push(
        layer.name === 'systemd'
          ? `systemd is PID 1; it stops only on SIGRTMIN+3 (systemd(1)), the stop signal is SIG${stop}.`
          : `${layer.name} is PID 1: it forwards SIG${stop} to its child and reaps orphans (${facts?.source ?? 'init'}).`,
      );
      if (layer.child) {
        const sub = verdictOf(layer.child, stop, []);
        if (sub.pid1) reasons.push(`Its child is ${sub.pid1.argv.join(' ')}.`);
      }
      return {
        ...base,
        init: layer.name,
        pid1: { program: layer.name, argv: layer.argv },
        gracefulStop: graceful,
        reapsZombies: true,
      };
    }
    case 'shell-c': {
      const family = layer.family ?? 'sh';
      if (layer.stays === false && layer.next) {
        reasons.push(
          describeStay(layer.family ?? 'dash', layer.analysis.shape, false).replace(
            /^dash/,
            family,
          ),
        );
        const v = verdictOf(layer.next, stop, reasons);
        return { ...v, viaShell: true };
      }
      if (layer.stays === null) return undecidedShellVerdict(layer, stop, reasons);
      reasons.push(
        layer.family
          ? describeStay(layer.family, layer.analysis.shape, true)
          : layer.at === 0 && layer.measured
            ? `${layer.shellName} -c is PID 1 now (its /proc/<pid>/cmdline): it did not exec its command.`
            : `${layer.shellName} -c stays PID 1 for this command in every shell measured (docs/measurements.md).`,
      );
      return { ...base, ...shellAsPid1(layer, reasons) };
    }
    case 'script': {
      const a = layer.analysis;
      if (a.sourced !== null && layer.next) {
        reasons.push(
          `${layer.file.relativePath} ends by sourcing ${a.sourced}, which runs in the same shell process.`,
        );
        return verdictOf(layer.next, stop, reasons);
      }
      if (a.ending === 'exec' && layer.next) {
        reasons.push(
          `${layer.file.relativePath} ends in \`exec\`${a.viaFunction ? ` (inside its function ${a.viaFunction}, which it calls with its arguments)` : ''}, so the program replaces the script as PID 1.`,
        );
        const prepend = a.prepends.find((p) => layer.next?.argv?.[0] === p.words[0]);
        if (prepend && layer.argv[1] !== prepend.words[0])
          reasons.push(
            `It runs ${prepend.words.join(' ')} with the command's arguments (\`set -- ${prepend.words.join(' ')} "$@"\` when the first argument is ${prepend.when.map((w) => (w.kind === 'flag' ? 'a flag' : w.kind === 'suffix' ? `a name ending in ${w.suffix}` : 'not a command')).join(' or ')}).`,
          );
        return verdictOf(layer.next, stop, reasons);
      }
      const what: Record<string, string> = {
        foreground: 'runs the main program as a child and stays PID 1 without `exec`',
        'background-wait': a.trapForwards
          ? 'backgrounds the main program, waits, and forwards TERM with a trap'
          : 'backgrounds the main program and waits without forwarding TERM',
        background: 'backgrounds the main program and stays PID 1',
        'poll-exit':
          'polls in a sleep loop and exits non-zero on timeout (docs/rules/entrypoint-script-background.md)',
        unknown: 'stays PID 1 (no `exec` at its end)',
      };
      reasons.push(`The entrypoint script ${layer.file.relativePath} ${what[a.ending]}.`);
      // With a TERM trap: `wait` and loops are interrupted (measured for -c: trap + sleep loop
      // stops in 0.2 s); a foreground child delays the trap until it exits.
      const graceful =
        (a.ending === 'background-wait' && a.trapForwards) || (a.trapsTerm && a.endsInLoop)
          ? true
          : a.trapsTerm
            ? null
            : false;
      if (graceful === false)
        reasons.push(
          'A script shell as PID 1 without a TERM trap ignores `docker stop` until SIGKILL.',
        );
      return {
        ...base,
        pid1: { program: layer.argv[0]!, argv: layer.argv },
        gracefulStop: graceful,
        reapsZombies: layer.family !== null ? true : null,
      };
    }
    case 'program': {
      const f = layer.facts;
      let graceful = stopHandled(f, stop);
      if (layer.handler) {
        if (layer.handler.found) {
          graceful = true;
          reasons.push(
            layer.handler.via
              ? `${layer.handler.path} starts ${layer.handler.via}, which installs SIGTERM and SIGINT handlers (measured).`
              : `${layer.handler.path} installs a signal handler.`,
          );
        } else if (graceful === false)
          reasons.push(`${layer.handler.path} installs no SIGTERM handler.`);
      }
      if (f) {
        reasons.push(
          graceful === true
            ? `${layer.name} as PID 1 handles SIG${stop} (${f.source}).`
            : graceful === false
              ? `${layer.name} as PID 1 ignores SIG${stop}: the kernel delivers no signal to PID 1 without a handler (${f.source}).`
              : `${layer.name}: how it handles SIG${stop} as PID 1 is not known (${f.source}).`,
        );
      } else
        reasons.push(
          `${layer.argv[0]} is not in the knowledge table: how it handles SIG${stop} is unknown.`,
        );
      return {
        ...base,
        pid1: { program: layer.name, argv: layer.argv },
        gracefulStop: graceful,
        reapsZombies: f?.reapsZombies ?? null,
      };
    }
  }
}

/** What a running container showed of its PID 1 (host /proc, inspect). */
export interface LiveFacts {
  /** Does PID 1 take the stop signal: a handler (SigCgt), blocked for sigwait (SigBlk), or waiting in sigtimedwait. Null when not read. */
  catchesStopSignal: boolean | null;
}

export interface Pid1Analysis {
  layer: Layer;
  verdict: RuntimeVerdict;
}

/**
 * uWSGI options read from its `--ini` file when the image holds it (the build context): the
 * file's `master` and `die-on-term` decide what SIGTERM does, as the same flags would.
 */
function uwsgiWithIniOptions(argv: string[], rc: ResolveContext): string[] {
  const at = argv.findIndex((a, i) => i > 0 && (a === '--ini' || /\.ini$/.test(a)));
  if (at < 0) return argv;
  const path = argv[at] === '--ini' ? argv[at + 1] : argv[at];
  const file = path ? rc.findFile?.(path, rc.cwd, false) : null;
  if (!file) return argv;
  const on = (key: string) =>
    new RegExp(`^\\s*${key}\\s*=\\s*(true|1|yes|on)\\s*$`, 'im').test(file.text);
  const rest = argv.filter((_, i) => i !== at && !(argv[at] === '--ini' && i === at + 1));
  return [
    ...rest,
    ...(on('master') ? ['--master'] : []),
    ...(on('die-on-term') ? ['--die-on-term'] : []),
  ];
}

/** A program the Dockerfile builds with `go build` in an earlier stage: the Go runtime's facts. */
function goBinary(prog: string, rc: ResolveContext): { name: string; facts: ProgramFacts } | null {
  const built = rc.builtBy?.(prog, rc.cwd);
  if (built?.toolchain !== 'go') return null;
  return {
    name: prog.split('/').pop() ?? prog,
    facts: { ...goBinaryFacts, source: `${built.how}; ${goBinaryFacts.source}` },
  };
}

/** The chain of processes from PID 1 to the main program, for this argv in this context. */
export function resolvePid1(argv: readonly string[], ctx: Pid1Context): Layer {
  return resolve([...argv], 0, { ...ctx, cwd: ctx.workdir }, 0);
}

/**
 * The verdict for a resolved chain. `reasons` may carry sentences about where the argv came
 * from (inherited config, STOPSIGNAL); the verdict's own reasons follow them.
 */
export function judgePid1(
  layer: Layer,
  stopSignal: string,
  reasons: string[] = [],
  live?: LiveFacts,
): RuntimeVerdict {
  const verdict = verdictOf(layer, stopSignal, reasons);
  const appGetsStopSignal = verdict.cannotStart ? null : appReceivesStopSignal(layer, 0);
  const init = layer.kind === 'init' ? layer : null;
  if (init && init.child && appGetsStopSignal === false && init.name.match(/^(tini|docker-init)/))
    verdict.reasons.push(
      `${init.name} signals its child only, a shell that stays: the stop is fast (measured: 0.2 s, exit 143) because ${init.name} exits when the shell dies, but the kernel then SIGKILLs the program under the shell, so its own SIGTERM handler never runs. \`tini -g\` signals the whole process group, so the program gets SIGTERM too, but a shutdown that takes time is still cut short (docs/measurements.md).`,
    );
  else if (
    init?.child &&
    appGetsStopSignal === true &&
    appReceivesStopSignal(init.child, 1) === false
  )
    // The group gets the signal, the shell with it: the shell dies at once, the init exits
    // with it and the kernel kills what is left (measured: a handler's 300 ms timer never fired).
    verdict.reasons.push(
      `${init.name} signals the whole process group, so the program gets SIGTERM and its handler starts, but the shell in between dies of the same signal and ${init.name} exits with it, so the kernel kills the program moments later: a shutdown that takes time is cut short (measured: exit 143 in 0.2 s, a handler's 300 ms cleanup never finished; docs/measurements.md). For a complete shutdown, make the program ${init.name}'s direct child (no pipe, or \`exec\`).`,
    );
  const judged = { ...verdict, appGetsStopSignal };
  return live ? refineWithLiveFacts(judged, layer, stopSignal, live) : judged;
}

/** A `sh -c` string that backgrounds the program, traps TERM to signal it and waits. */
function dashCForwards(layer: Extract<Layer, { kind: 'shell-c' }>): { waits: boolean } | null {
  if (layer.analysis.shape !== 'compound' && layer.analysis.shape !== 'trap') return null;
  const a = analyseScript(layer.script);
  return a.ending === 'background-wait' && a.trapForwards ? { waits: a.trapWaits } : null;
}

/**
 * Does the main program itself receive the stop signal (so its own handler runs)? A shell
 * or script that stays receives it instead, unless it forwards it with a trap; tini signals
 * only its child unless `-g` (its process group, measured); dumb-init signals its child's
 * session by default (dumb-init README).
 */
function appReceivesStopSignal(layer: Layer, depth: number): boolean | null {
  const l = pid1LayerOf(layer);
  if (depth > 4) return null;
  switch (l.kind) {
    case 'program':
      // su signals the shell it forked, not the program under it (measured).
      return l.facts === suDashC.facts ? false : true;
    case 'unknown':
    case 'cannot-start':
      return null;
    case 'shell-c':
      return l.stays === null ? null : dashCForwards(l) !== null;
    case 'script':
      if (l.analysis.ending === 'background-wait') return l.analysis.trapForwards;
      return l.analysis.ending === 'unknown' ? null : false;
    case 'init': {
      if (!l.child) return null;
      const below = appReceivesStopSignal(l.child, depth + 1);
      if (below !== false) return below;
      const group =
        ((l.name.startsWith('tini') || l.name === 'docker-init') && l.options.includes('-g')) ||
        l.name === 'dumb-init';
      return group ? true : false;
    }
  }
}

/** resolvePid1 then judgePid1. */
export function analysePid1(
  argv: readonly string[],
  ctx: Pid1Context,
  reasons: string[] = [],
  live?: LiveFacts,
): Pid1Analysis {
  const layer = resolvePid1(argv, ctx);
  return { layer, verdict: judgePid1(layer, ctx.stopSignal, reasons, live) };
}

/**
 * A measured signal disposition refines what the tables predict: a handler or a sigwait
 * means the kernel delivers the stop signal to a program; neither means it drops it (a
 * namespace's PID 1 gets no default action), whatever PID 1 is. A shell's handler alone does
 * not make it stop (its TERM trap runs only between foreground commands), so for shells and
 * scripts only the "drops it" side refines. An init between two waits shows neither, so the
 * table stands for inits.
 */
function refineWithLiveFacts(
  verdict: RuntimeVerdict,
  layer: Layer,
  stopSignal: string,
  live: LiveFacts,
): RuntimeVerdict {
  const top = pid1LayerOf(layer);
  if (live.catchesStopSignal === null || top.kind === 'init') return verdict;
  const sig = `SIG${stopSignal}`;
  const isProgram = top.kind === 'program' || top.kind === 'unknown';
  if (live.catchesStopSignal && isProgram && verdict.gracefulStop !== true)
    return {
      ...verdict,
      gracefulStop: true,
      reasons: [
        ...verdict.reasons,
        `Measured: PID 1 takes ${sig} (a handler in SigCgt, or SigBlk/sigtimedwait for sigwait, in /proc/<pid>/status), so the kernel delivers it.`,
      ],
    };
  if (!live.catchesStopSignal && verdict.gracefulStop !== false)
    return {
      ...verdict,
      gracefulStop: false,
      reasons: [
        ...verdict.reasons,
        `Measured: PID 1 neither handles nor waits for ${sig} (SigCgt, SigBlk and wchan in /proc): the kernel drops it for a namespace's PID 1, so \`docker stop\` ends in SIGKILL.`,
      ],
    };
  return verdict;
}

/** The layer that ends up as PID 1: follows shells that exec and scripts that end in `exec`. */
export function pid1LayerOf(layer: Layer): Layer {
  let l = layer;
  for (let i = 0; i < 16; i++) {
    if (l.kind === 'shell-c' && l.stays === false && l.next) l = l.next;
    else if (
      l.kind === 'script' &&
      (l.analysis.ending === 'exec' || l.analysis.sourced !== null) &&
      l.next
    )
      l = l.next;
    else break;
  }
  return l;
}

/** Every layer from PID 1 down (through inits' children and shells' children). */
export function* allLayers(layer: Layer | null): Generator<Layer> {
  let l = layer;
  for (let i = 0; l && i < 16; i++) {
    yield l;
    l = l.kind === 'init' ? l.child : l.kind === 'shell-c' || l.kind === 'script' ? l.next : null;
  }
}
