// "exec form" and "add exec": make the program replace the shell as PID 1 without changing
// what the command means. Exec form only for one simple command without shell features
// (and where the ENTRYPOINT/CMD pairing stays the same); otherwise insert `exec` before the
// last command, so `$VAR`, `&&`, redirections keep working.
import type { BuildContext, Fix } from '../types';
import type { DockerfileModel, Instruction } from '../dockerfile/model';
import { LineIndex } from '../dockerfile/text';
import type { Layer, RuntimeAnalysis } from '../runtime-model';
import { instructionAt } from '../rules/rule';
import { decodeJsonString, execFormText } from './json';

type ShellLayer = Extract<Layer, { kind: 'shell-c' }>;
type ScriptLayer = Extract<Layer, { kind: 'script' }>;

// 'group': `{ a; exec b; }` replaces the shell (measured on dash, bash and ash); not
// 'subshell': exec inside a forked `( )` replaces the fork, and the shell stays PID 1.
const addExecShapes = new Set(['simple', 'list', 'and', 'or', 'redirect', 'assign', 'group']);

/** Document offset of character `i` of the `-c` string, or null when it is not in the file. */
function scriptOffset(
  model: DockerfileModel,
  rt: RuntimeAnalysis,
  layer: ShellLayer,
): ((i: number) => number) | null {
  if (layer.scriptAt < 0) return null;
  const ins = instructionAt(rt, layer.scriptAt);
  if (ins === rt.stage.from && rt.command.shellForm?.instr !== ins) return null;
  if (!ins.json) {
    if (ins.args !== layer.script) return null;
    return (i) => ins.argsMap[i] ?? ins.end;
  }
  const ep = rt.command.entrypoint;
  const idx =
    ep && ep.instr !== ins && ep.form === 'exec'
      ? layer.scriptAt - ep.values.length
      : layer.scriptAt;
  const span = ins.jsonSpans[idx];
  if (!span) return null;
  const { value, map } = decodeJsonString(ins.args.slice(span.start, span.end));
  if (value !== layer.script) return null;
  return (i) => ins.argsMap[span.start + (map[i] ?? 0)] ?? ins.end;
}

export function shellExecFixes(
  path: string,
  model: DockerfileModel,
  rt: RuntimeAnalysis,
  layer: ShellLayer,
): Fix[] {
  const fixes: Fix[] = [];
  // A bracketed list Docker could not read as JSON: the cannot-start fix writes the JSON;
  // `exec` in front of it would be another broken line.
  if (/^\s*\[[^]*\]\s*$/.test(layer.script)) return fixes;
  const a = layer.analysis;
  const prog = a.lastWords[0]?.value ?? 'the program';
  const { entrypoint, cmd } = rt.command;
  // The shell form (of CMD or ENTRYPOINT) whose string this shell runs.
  const shellIns =
    entrypoint?.form === 'shell' ? entrypoint.instr : cmd?.form === 'shell' ? cmd.instr : null;
  // Exec form: one simple command, literal words, same ENTRYPOINT/CMD pairing (an official
  // entrypoint that execs "$@" receives `node x` instead of `/bin/sh -c "node x"`: same process).
  if (shellIns && shellIns.args === layer.script && layer.scriptAt >= 0 && !a.usesShellFeatures) {
    const pairingKept =
      shellIns.keyword === 'CMD'
        ? entrypoint === null || (entrypoint.instr === null && rt.command.transparentEntrypoint)
        : cmd === null;
    const raw = model.text.slice(shellIns.argsMap[0], shellIns.argsMap[shellIns.args.length]);
    const words = a.lastWords.map((w) => w.value ?? '');
    if (
      pairingKept &&
      (a.shape === 'simple' || a.shape === 'exec') &&
      a.lastWords.every((w) => w.literal) &&
      words.length > 0 &&
      !/\n[ \t]*#/.test(raw)
    ) {
      fixes.push({
        title: `Use exec form: ${shellIns.keyword} ${execFormText(words)}`,
        preferred: rt.command.certain, // an unknown base may add an ENTRYPOINT that receives CMD
        edits: [
          {
            path,
            range: rangeOf(
              model.lines,
              shellIns.argsMap[0]!,
              shellIns.argsMap[shellIns.args.length]!,
            ),
            newText: execFormText(words),
          },
        ],
      });
    }
  }
  // `X=1 exec prog` keeps X=1 in prog's environment (measured on dash by test/docker/engine).
  if (!a.hasExec && a.last && addExecShapes.has(a.shape) && a.lastWords.length > 0) {
    const at = scriptOffset(model, rt, layer);
    if (at) {
      const offset = at(a.lastWords[0]!.start);
      fixes.push({
        title: `Add exec: the shell replaces itself with ${prog}`,
        preferred: fixes.length === 0 && rt.command.certain,
        edits: [{ path, range: rangeOf(model.lines, offset, offset), newText: 'exec ' }],
      });
    }
  }
  return fixes;
}

/** Insert `exec` before the main command on the last line of an entrypoint script in the context. */
export function scriptExecFix(layer: ScriptLayer, context: BuildContext): Fix | null {
  const a = layer.analysis;
  if (a.ending !== 'foreground' || !a.main || a.main.hasExec || a.mainWords.length === 0)
    return null;
  if (layer.file.inDockerfile) return null; // a heredoc: its text is in the Dockerfile, not a context file
  const lines = new LineIndex(layer.file.text);
  return {
    title: `Add exec to the last command of ${layer.file.relativePath}`,
    preferred: true,
    edits: [
      {
        path: context.pathOf(layer.file.relativePath),
        range: rangeOf(lines, a.mainWords[0]!.start, a.mainWords[0]!.start),
        newText: 'exec ',
      },
    ],
  };
}

export function rangeOf(
  lines: LineIndex,
  start: number,
  end: number,
): { start: { line: number; character: number }; end: { line: number; character: number } } {
  return lines.range(start, end);
}

export type { Instruction };
