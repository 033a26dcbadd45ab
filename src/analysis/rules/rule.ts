// What a rule is: data (`meta`) plus one `check` that reports through the context.
import type { BuildContext, Fix, Range, RelatedLocation, Severity } from '../types';
import type { DockerfileModel, Instruction } from '../dockerfile/model';
import type { RuntimeAnalysis } from '../runtime-model';

export interface RuleMeta {
  id: string;
  defaultSeverity: Severity;
  title: string;
  /** One sentence: the measured fact behind the rule. */
  why: string;
  /** Relative to the repository root. */
  docsUrl: string;
  fixable: boolean;
}

export interface Report {
  message: string;
  range: Range;
  /** False when the finding rests on something not known (an unknown base image): reported as info. */
  certain?: boolean;
  fixes?: Fix[];
  related?: RelatedLocation[];
}

export interface RuleContext {
  path: string;
  model: DockerfileModel;
  /** Null for Windows images and files without a FROM. */
  runtime: RuntimeAnalysis | null;
  context: BuildContext;
  report(r: Report): void;
}

export interface Rule {
  meta: RuleMeta;
  check(ctx: RuleContext): void;
}

export function meta(m: Omit<RuleMeta, 'docsUrl'>): RuleMeta {
  return { ...m, docsUrl: `docs/rules/${m.id}.md` };
}

/** The instruction that put argv[at] there (ENTRYPOINT or CMD), or the final FROM when inherited. */
export function instructionAt(rt: RuntimeAnalysis, at: number): Instruction {
  const { entrypoint, cmd, shellForm } = rt.command;
  let ins: Instruction | null | undefined;
  if (shellForm) ins = shellForm.instr;
  else if (entrypoint && entrypoint.form === 'exec') {
    ins =
      at >= 0 && at < entrypoint.values.length
        ? entrypoint.instr
        : (cmd?.instr ?? entrypoint.instr);
  } else ins = cmd?.instr;
  return ins ?? rt.stage.from;
}

export function commandInstruction(rt: RuntimeAnalysis): Instruction {
  return instructionAt(rt, 0);
}

/** The exec-form instruction and JSON element index that hold argv[at], or null. */
export function jsonElementAt(
  rt: RuntimeAnalysis,
  at: number,
): { ins: Instruction; index: number } | null {
  if (at < 0) return null;
  const { entrypoint, cmd } = rt.command;
  const n = entrypoint?.form === 'exec' ? entrypoint.values.length : 0;
  if (entrypoint?.form === 'shell') return null;
  if (entrypoint && at < n)
    return entrypoint.instr?.json ? { ins: entrypoint.instr, index: at } : null;
  if (cmd?.form === 'exec' && cmd.instr?.json && at - n < cmd.values.length)
    return { ins: cmd.instr, index: at - n };
  return null;
}
