// Findings as LSP diagnostics: severity, rule id as code, a link to the rule page, and
// related information pointing into the entrypoint script.
import {
  DiagnosticSeverity,
  type Diagnostic,
  type DiagnosticRelatedInformation,
} from 'vscode-languageserver';
import type { Finding, Severity } from '../analysis/types';

export const diagnosticSource = 'container-doctor';

const severities: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** Ties a diagnostic back to its finding (the client hands it back in code action requests). */
export interface DiagnosticData {
  rule: string;
  findingIndex: number;
}

export function toDiagnostic(
  finding: Finding,
  findingIndex: number,
  uriOf: (path: string) => string,
  ruleHref: (rule: string) => string | undefined,
): Diagnostic {
  const href = ruleHref(finding.rule);
  const related: DiagnosticRelatedInformation[] = finding.related.map((r) => ({
    location: { uri: uriOf(r.path), range: r.range },
    message: r.message,
  }));
  const data: DiagnosticData = { rule: finding.rule, findingIndex };
  return {
    range: finding.range,
    severity: severities[finding.severity] ?? DiagnosticSeverity.Warning,
    code: finding.rule,
    ...(href ? { codeDescription: { href } } : {}),
    source: diagnosticSource,
    message: finding.message,
    ...(related.length > 0 ? { relatedInformation: related } : {}),
    data,
  };
}
