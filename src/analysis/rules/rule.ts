// What a rule is, for Dockerfiles and compose files alike: data (`meta`) plus one `check`
// that reports through its context. The registry (registry.ts) lists every rule; from its
// metadata come the findings' severity, the SARIF rule descriptors, the
// `containerDoctor.rules` settings schema in package.json and the README's rule table (both
// checked by registry.test.ts) and the links to docs/rules/<id>.md.
//
// HOW TO WRITE A RULE (one file per rule in src/analysis/rules/, its table test beside it,
// its page docs/rules/<id>.md, then one line in registry.ts):
//
//   export const myRule: DockerfileRule = {            // or ComposeRule
//     meta: meta({
//       id: 'my-rule',                                 // stable; the docs page's name
//       appliesTo: 'dockerfile',                       // or 'compose'
//       defaultSeverity: 'warning',
//       title: 'A short name',                         // SARIF shortDescription
//       description: 'what it finds, lower case',      // README table, settings schema
//       why: 'Measured: the fact behind it.',          // SARIF fullDescription
//       fixable: true,                                 // some finding carries a Fix
//     }),
//     check(ctx) {
//       // Dockerfile: ctx.path, ctx.model, ctx.runtime (null: no verdict), ctx.context
//       // Compose: ctx.path, ctx.file, ctx.service (called once per service)
//       ctx.report({ message, range, fixes, related, certain, severity, anchorLines });
//     },
//   };
//
// The rule reports what it found; the engine applies settings, suppression comments
// (suppressions.ts) and the path. Its test is `ruleTester(myRule, { valid, invalid })`
// (tester.ts): an invalid case names its findings and the text after the fix.
import type { BuildContext, Fix, Range, RelatedLocation, Severity } from '../types';
import type { DockerfileModel, Instruction } from '../dockerfile/model';
import type { RuntimeAnalysis } from '../runtime-model';
import type { ComposeFile, ComposeService } from '../compose/document';

export type RuleTarget = 'dockerfile' | 'compose';

export interface RuleMeta<T extends RuleTarget = RuleTarget> {
  id: string;
  appliesTo: T;
  defaultSeverity: Severity;
  /** A short name (SARIF shortDescription). */
  title: string;
  /** What it finds, as the README's rule table and the settings schema say it. */
  description: string;
  /** One sentence: the measured fact behind the rule. */
  why: string;
  /** Relative to the repository root: docs/rules/<id>.md. */
  docsUrl: string;
  /** Some of its findings carry a fix. */
  fixable: boolean;
}

export interface Report {
  message: string;
  range: Range;
  /** False when the finding rests on something not known (an unknown base image): reported as info. */
  certain?: boolean;
  /** This finding's own severity when it differs from the rule's (a setting still wins). */
  severity?: Severity;
  fixes?: Fix[];
  related?: RelatedLocation[];
  /**
   * Lines whose suppression comment silences this finding (compose: the service key and the
   * keys it is about). Default: the lines of `range` (a Dockerfile instruction).
   */
  anchorLines?: number[];
}

export interface DockerfileRuleContext {
  path: string;
  model: DockerfileModel;
  /** Null for Windows images and files without a FROM. */
  runtime: RuntimeAnalysis | null;
  context: BuildContext;
  report(r: Report): void;
}

export interface ComposeRuleContext {
  path: string;
  file: ComposeFile;
  /** The service being checked (check is called once per service). */
  service: ComposeService;
  /** The compose file's folder: where a service's `build` Dockerfile is read. */
  context: BuildContext;
  report(r: Report): void;
}

export interface DockerfileRule {
  meta: RuleMeta<'dockerfile'>;
  check(ctx: DockerfileRuleContext): void;
}

export interface ComposeRule {
  meta: RuleMeta<'compose'>;
  check(ctx: ComposeRuleContext): void;
}

export type Rule = DockerfileRule | ComposeRule;

export function meta<T extends RuleTarget>(m: Omit<RuleMeta<T>, 'docsUrl'>): RuleMeta<T> {
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
