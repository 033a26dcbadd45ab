// Every rule, Dockerfile and compose alike, in reporting order. Ids are stable
// (docs/rules/<id>.md). Settings, SARIF descriptors, the settings schema in package.json and
// the README's rule table all come from this list (registry.test.ts checks the last two).
import type { Finding, RuleSetting, Severity } from '../types';
import type { ComposeRule, DockerfileRule, Report, Rule, RuleMeta } from './rule';
import { shellPid1 } from './shell-pid1';
import { pid1IgnoresSigterm } from './pid1-ignores-sigterm';
import { pid1NoReaper } from './pid1-no-reaper';
import { entrypointScriptBackground } from './entrypoint-script-background';
import { initMisuse } from './init-misuse';
import { jvmFixedHeap } from './jvm-fixed-heap';
import { jvmObsoleteFlag } from './jvm-obsolete-flag';
import { nodeHeapWithoutLimit } from './node-heap-without-limit';
import { scriptCrlf } from './script-crlf';
import { cannotStart } from './cannot-start';
import { heapIgnoresContainerLimit } from './heap-ignores-container-limit';
import { composeHeapOverLimit } from '../compose/rules/compose-heap-over-limit';
import { composeHeapHeadroom } from '../compose/rules/compose-heap-headroom';
import { composeHeapIgnoresLimit } from '../compose/rules/compose-heap-ignores-limit';
import { composeShellCommand } from '../compose/rules/compose-shell-command';
import { composeNodeWithoutInit } from '../compose/rules/compose-node-without-init';
import { composeNoMemoryLimit } from '../compose/rules/compose-no-memory-limit';

export const dockerfileRules: readonly DockerfileRule[] = [
  cannotStart,
  scriptCrlf,
  shellPid1,
  pid1IgnoresSigterm,
  pid1NoReaper,
  entrypointScriptBackground,
  initMisuse,
  jvmFixedHeap,
  jvmObsoleteFlag,
  nodeHeapWithoutLimit,
  heapIgnoresContainerLimit,
];

/** In the order findings are reported for one service. */
export const composeRules: readonly ComposeRule[] = [
  composeShellCommand,
  composeNodeWithoutInit,
  composeNoMemoryLimit,
  composeHeapOverLimit,
  composeHeapHeadroom,
  composeHeapIgnoresLimit,
];

export const rules: readonly Rule[] = [...dockerfileRules, ...composeRules];

const byId = new Map<string, Rule>(rules.map((r) => [r.meta.id, r]));

/** A rule's metadata by id, undefined for an id that is no rule of ours. */
export function ruleMeta(id: string): RuleMeta | undefined {
  return byId.get(id)?.meta;
}

const rank: Record<Severity, number> = { error: 3, warning: 2, info: 1, hint: 0 };

/**
 * A report as a finding: a setting replaces the severity; otherwise the report's own, or the
 * rule's, lowered to info when the report rests on something not known.
 */
export function findingOf(
  meta: RuleMeta,
  report: Report,
  path: string,
  setting: RuleSetting | undefined,
): Finding {
  let severity: Severity = report.severity ?? meta.defaultSeverity;
  if (report.certain === false && rank[severity] > rank.info) severity = 'info';
  if (setting && setting !== 'off') severity = setting;
  return {
    rule: meta.id,
    severity,
    message: report.message,
    path,
    range: report.range,
    fixes: report.fixes ?? [],
    related: report.related ?? [],
  };
}
