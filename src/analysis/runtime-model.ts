// The Dockerfile's side of the PID 1 model: the final stage's effective command, its base
// family, WORKDIR, STOPSIGNAL and the build context's files, handed to the one model in
// src/model/pid1.ts, whose verdict is the RuntimeVerdict of types.ts.
import type { BuildContext, RuntimeVerdict } from './types';
import type { DockerfileModel, Instruction, Stage } from './dockerfile/model';
import { effectiveCommand, type EffectiveCommand } from './dockerfile/command';
import { findContextFile } from './dockerfile/context';
import { families, inheritedConfig } from '../model/knowledge/images';
import { judgePid1, resolvePid1, type Layer, type Pid1Context } from '../model/pid1';
import { resolvePath } from '../model/paths';

export type { Layer } from '../model/pid1';

export interface RuntimeAnalysis {
  stage: Stage;
  command: EffectiveCommand;
  family: Stage['family'];
  layer: Layer;
  verdict: RuntimeVerdict;
}

/** The model's context for a Dockerfile's final stage: files come from the build context through its COPY/ADD. */
export function dockerfilePid1Context(
  stage: Stage,
  command: EffectiveCommand,
  context: BuildContext,
  model?: DockerfileModel,
): Pid1Context {
  const inherited = inheritedConfig(command.rootImage);
  return {
    family: stage.family,
    workdir: command.workdir,
    stopSignal: command.stopSignal,
    findFile: (path, cwd, isProgram) =>
      findContextFile(path, cwd, command.copies, context, isProgram),
    builtBy: model ? (path, cwd) => builtInStage(model, command, stage, path, cwd) : undefined,
    execingEntrypoint:
      command.transparentEntrypoint && command.entrypoint?.instr === null && inherited?.entrypoint
        ? { program: inherited.entrypoint[0]!, defaultCmd: inherited.cmd ?? [] }
        : null,
  };
}

/** `go build` / `go install` in a RUN (after `&&`, `;`, a newline or at the start). */
const goBuild = /(?:^|[;&|\n(]\s*|\s)go\s+(?:build|install)\b/;

/**
 * Which toolchain built the program at `path`: a `COPY --from=STAGE` in the final stage's
 * chain that puts a file there from a stage that runs `go build` (the multi-stage shape of Go
 * images: build in `golang`, copy the binary into distroless, scratch or alpine), or the final
 * stage's own chain running `go build -o path`.
 */
function builtInStage(
  model: DockerfileModel,
  command: EffectiveCommand,
  final: Stage,
  path: string,
  cwd: string,
): { toolchain: 'go'; how: string } | null {
  if (!path.includes('/') && !/^[\w.-]+$/.test(path)) return null;
  const target = path.includes('/') ? resolvePath(cwd, path) : null;
  const line = (i: Instruction) => i.range.start.line + 1;
  for (const copy of [...command.stageCopies].reverse()) {
    // A destination without a trailing slash is a directory when it exists (`COPY --from=b
    // /out/app .` after WORKDIR): both readings are candidates.
    const inDir = (dir: string) =>
      copy.sources.map((src) => dir + src.replace(/\/+$/, '').split('/').pop());
    const names = copy.dest.endsWith('/')
      ? inDir(copy.dest)
      : [copy.dest, ...inDir(copy.dest === '/' ? '/' : copy.dest + '/')];
    const hit = names.some((n) =>
      target ? n === target : n.split('/').pop() === path && /^\/(usr\/(local\/)?)?s?bin\//.test(n),
    );
    if (!hit) continue;
    const source = stageNamed(model, copy.from, final.index);
    if (!source) return null;
    const builds = stageRuns(model, source, goBuild);
    return builds
      ? {
          toolchain: 'go',
          how: `${names.find((n) => !target || n === target) ?? path} is copied from stage ${source.name ?? source.index} (line ${line(copy.instr)}), which builds it with \`go build\` (line ${line(builds)})`,
        }
      : null;
  }
  // Built in the final stage's own chain: `RUN go build -o /path`.
  if (target)
    for (const s of command.chain)
      for (const ins of s.instructions)
        if (ins.keyword === 'RUN' && goBuild.test(ins.args)) {
          const out = /\s-o\s+(\S+)/.exec(ins.args)?.[1];
          if (out && resolvePath(command.workdir, out.replace(/^["']|["']$/g, '')) === target)
            return {
              toolchain: 'go',
              how: `${target} is built with \`go build\` in this image (line ${line(ins)})`,
            };
        }
  return null;
}

/** The stage `--from` names (a name or an index before `before`); null for an image. */
function stageNamed(model: DockerfileModel, from: string, before: number): Stage | null {
  const lower = from.toLowerCase();
  const byName = model.stages.find((s) => s.index < before && s.name?.toLowerCase() === lower);
  if (byName) return byName;
  return /^\d+$/.test(from) && Number(from) < before ? (model.stages[Number(from)] ?? null) : null;
}

/** The first RUN matching `pattern` in the stage or the stages it builds on. */
function stageRuns(model: DockerfileModel, stage: Stage, pattern: RegExp): Instruction | null {
  for (let s: Stage | null = stage, depth = 0; s && depth < 16; depth++) {
    const found = s.instructions.find((i) => i.keyword === 'RUN' && pattern.test(i.args));
    if (found) return found;
    s = s.parent !== null ? (model.stages[s.parent] ?? null) : null;
  }
  return null;
}

export function analyseRuntime(
  model: DockerfileModel,
  context: BuildContext,
): RuntimeAnalysis | null {
  const stage = model.stages[model.stages.length - 1];
  if (!stage || model.windows) return null;
  const command = effectiveCommand(model, stage);
  const reasons: string[] = [];
  let layer: Layer;
  if (!command.argv) {
    const why = command.certain
      ? 'the image sets no ENTRYPOINT or CMD'
      : `ENTRYPOINT/CMD are inherited from ${command.rootImage}, which is not in the knowledge table`;
    layer = { kind: 'unknown', argv: null, at: -1, why };
  } else if (stage.family && families[stage.family].shell === null && command.shellForm) {
    layer = {
      kind: 'unknown',
      argv: command.argv,
      at: 0,
      why: `${stage.image} has no shell, so the shell form cannot run (exit 127)`,
    };
  } else layer = resolvePid1(command.argv, dockerfilePid1Context(stage, command, context, model));
  const inheritedParts = [
    command.entrypoint?.instr === null
      ? `ENTRYPOINT ${JSON.stringify(command.entrypoint.values)}`
      : null,
    command.cmd?.instr === null ? `CMD ${JSON.stringify(command.cmd.values)}` : null,
  ].filter((p): p is string => p !== null);
  if (inheritedParts.length)
    reasons.push(
      `Inherited from ${command.rootImage}: ${inheritedParts.join(', ')}` +
        (command.transparentEntrypoint && command.entrypoint?.instr === null
          ? ' (its entrypoint script execs its arguments, so it does not stay PID 1).'
          : '.'),
    );
  if (command.stopSignal !== 'TERM') reasons.push(`STOPSIGNAL is SIG${command.stopSignal}.`);
  const verdict = judgePid1(layer, command.stopSignal, reasons);
  if (!command.certain && command.argv)
    reasons.push(
      `The base image ${command.rootImage} is not known: it may set an ENTRYPOINT that changes this.`,
    );
  return { stage, command, family: stage.family, layer, verdict };
}
