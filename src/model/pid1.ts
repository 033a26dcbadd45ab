// Who is PID 1, will `docker stop` end it gracefully, does it reap orphans: the one model
// every surface asks (the Dockerfile verdict, the explorer, `ps`, the host audit, the stop
// test, Explain Exit). Static facts (a Dockerfile's command, the scripts its build context
// holds) and live facts (PID 1's real /proc/<pid>/cmdline, its signal masks, `--init`) are
// inputs to the same resolve-then-judge; live facts refine, they do not start a second model.
// Pure: no Docker, no files, no vscode; files come in through `Pid1Context.findFile`.
import { families, type ImageFamily, type ShellFamily } from './knowledge/images';
import {
  execWrappers,
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
import { analyseScript, shebangCommand, type ScriptAnalysis } from './shell/script';
import type { ShWord } from './shell/ast';
import { resolvePath } from './paths';
import type { RuntimeVerdict } from './types';

/** A file the image will hold (read from the build context, or anywhere else). */
export interface ImageFile {
  /** Where it was read from, for messages (a build-context-relative path). */
  relativePath: string;
  /** Where the file is in the image (the path the program name resolved to). */
  imagePath?: string;
  text: string;
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
  | { kind: 'unknown'; argv: string[] | null; at: number; why: string };

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
    const child =
      childArgv.length &&
      ['tini', 'tini-static', 'docker-init', 'dumb-init', 'catatonit'].includes(name)
        ? resolve(childArgv, at >= 0 ? at + rest : -1, rc, depth + 1)
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
        const analysis = analyseDashC(script);
        const stays = stayVerdict(family, rc.family, analysis);
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
  const known = programFacts(prog, rc.family, argv);
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
  if (analysis.mainWords.length > 0)
    next = resolve(
      wordsToArgv(analysis.mainWords, file.text, args),
      -1,
      {
        ...rc,
        cwd: analysis.cdDirs.reduce(resolvePath, rc.cwd),
      },
      depth + 1,
    );
  return { kind: 'script', argv, at, file, analysis, family, next };
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

function verdictOf(layer: Layer, stop: string, reasons: string[]): RuntimeVerdict {
  const base = { viaShell: false, init: null as string | null, reasons };
  switch (layer.kind) {
    case 'unknown':
      reasons.push(`PID 1 cannot be known: ${layer.why}.`);
      return { ...base, pid1: null, gracefulStop: null, reapsZombies: null };
    case 'init': {
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
      if (layer.stays === null) {
        reasons.push(
          layer.family
            ? describeStay(layer.family, layer.analysis.shape, null)
            : `${layer.shellName} -c: which shell /bin/sh is depends on the base image, which is not known, so whether it execs the command is unknown.`,
        );
        return { ...base, viaShell: true, pid1: null, gracefulStop: null, reapsZombies: null };
      }
      reasons.push(
        layer.family
          ? describeStay(layer.family, layer.analysis.shape, true)
          : `${layer.shellName} -c stays PID 1 for this command in every shell measured (domain.md).`,
      );
      const loopWithTrap =
        layer.analysis.shape === 'trap' && layer.analysis.last?.command.kind === 'loop';
      reasons.push(
        loopWithTrap
          ? 'The shell traps TERM while it loops: it runs the trap and stops (domain.md, measured).'
          : 'A shell as PID 1 has no SIGTERM handler: `docker stop` waits the whole grace period, then SIGKILL (exit 137).',
      );
      return {
        ...base,
        viaShell: true,
        pid1: { program: layer.shellName, argv: layer.argv },
        gracefulStop: loopWithTrap,
        // dash, bash and BusyBox ash all reap while they wait (knowledge/programs.ts, measured).
        reapsZombies: layer.family !== null || layer.shellName === 'sh' ? true : null,
      };
    }
    case 'script': {
      const a = layer.analysis;
      if (a.ending === 'exec' && layer.next) {
        reasons.push(
          `${layer.file.relativePath} ends in \`exec\`, so the program replaces the script as PID 1.`,
        );
        return verdictOf(layer.next, stop, reasons);
      }
      const what: Record<string, string> = {
        foreground: 'runs the main program as a child and stays PID 1 without `exec`',
        'background-wait': a.trapForwards
          ? 'backgrounds the main program, waits, and forwards TERM with a trap'
          : 'backgrounds the main program and waits without forwarding TERM',
        background: 'backgrounds the main program and stays PID 1',
        'poll-exit': 'polls in a sleep loop and exits non-zero on timeout (seed 000)',
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
  return live ? refineWithLiveFacts(verdict, layer, stopSignal, live) : verdict;
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
 * A measured signal disposition refines what the tables predict for a program as PID 1: a
 * handler or a sigwait means the kernel delivers the stop signal; neither means it drops it
 * (a namespace's PID 1 gets no default action). Shells and scripts are left as judged: a
 * shell's TERM trap runs only between foreground commands, so a handler alone does not make
 * it stop. An init between two waits shows neither, so the table stands for inits.
 */
function refineWithLiveFacts(
  verdict: RuntimeVerdict,
  layer: Layer,
  stopSignal: string,
  live: LiveFacts,
): RuntimeVerdict {
  const top = pid1LayerOf(layer);
  if (live.catchesStopSignal === null || top.kind !== 'program') return verdict;
  const sig = `SIG${stopSignal}`;
  if (live.catchesStopSignal && verdict.gracefulStop !== true)
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
    else if (l.kind === 'script' && l.analysis.ending === 'exec' && l.next) l = l.next;
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
