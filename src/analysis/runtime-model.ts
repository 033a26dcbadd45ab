// The Dockerfile's side of the PID 1 model: the final stage's effective command, its base
// family, WORKDIR, STOPSIGNAL and the build context's files, handed to the one model in
// src/model/pid1.ts, whose verdict is the RuntimeVerdict of types.ts.
import type { BuildContext, RuntimeVerdict } from './types';
import type { DockerfileModel, Stage } from './dockerfile/model';
import { effectiveCommand, type EffectiveCommand } from './dockerfile/command';
import { findContextFile } from './dockerfile/context';
import { families, inheritedConfig } from '../model/knowledge/images';
import { judgePid1, resolvePid1, type Layer, type Pid1Context } from '../model/pid1';

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
): Pid1Context {
  const inherited = inheritedConfig(command.rootImage);
  return {
    family: stage.family,
    workdir: command.workdir,
    stopSignal: command.stopSignal,
    findFile: (path, cwd, isProgram) =>
      findContextFile(path, cwd, command.copies, context, isProgram),
    execingEntrypoint:
      command.transparentEntrypoint && command.entrypoint?.instr === null && inherited?.entrypoint
        ? { program: inherited.entrypoint[0]!, defaultCmd: inherited.cmd ?? [] }
        : null,
  };
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
  } else layer = resolvePid1(command.argv, dockerfilePid1Context(stage, command, context));
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
