// What the verdict explanation shows, as data: the facts that decided (the verdict's
// reasons), the rule pages of the findings on the command instruction, the fixes offered
// there, and the full explanation. Pure (no vscode): the command turns these into a
// QuickPick; tests read them directly.
import type { RuntimeVerdictResult } from '../../server/protocol';

export type VerdictItem =
  | { kind: 'separator'; label: string }
  | { kind: 'explanation'; label: string; detail: string }
  | { kind: 'reason'; label: string }
  | { kind: 'rule'; label: string; detail: string; rule: string }
  | { kind: 'fix'; label: string; description?: string; fixIndex: number };

export interface FixSummary {
  title: string;
  preferred: boolean;
}

const severityIcon: Record<RuntimeVerdictResult['findings'][number]['severity'], string> = {
  error: '$(error)',
  warning: '$(warning)',
  info: '$(info)',
  hint: '$(lightbulb)',
};

export function verdictItems(result: RuntimeVerdictResult, fixes: FixSummary[]): VerdictItem[] {
  const items: VerdictItem[] = [];
  if (fixes.length) {
    items.push({ kind: 'separator', label: 'Fixes' });
    fixes.forEach((fix, fixIndex) =>
      items.push({
        kind: 'fix',
        label: `$(wrench) ${fix.title}`,
        ...(fix.preferred ? { description: 'preferred' } : {}),
        fixIndex,
      }),
    );
  }
  const reasons = result.verdict?.reasons ?? [];
  if (reasons.length) {
    items.push({ kind: 'separator', label: 'Why' });
    for (const reason of reasons) items.push({ kind: 'reason', label: reason });
  }
  const seen = new Set<string>();
  const findings = result.findings.filter((f) => !seen.has(f.rule) && seen.add(f.rule));
  if (findings.length) {
    items.push({ kind: 'separator', label: 'Rule pages' });
    for (const finding of findings)
      items.push({
        kind: 'rule',
        label: `${severityIcon[finding.severity]} ${finding.rule}`,
        detail: finding.message,
        rule: finding.rule,
      });
  }
  items.push({ kind: 'separator', label: '' });
  items.push({
    kind: 'explanation',
    label: '$(book) Open the full explanation',
    detail: 'The verdict, every fact behind it and links to the rule pages, as a document',
  });
  return items;
}
