// `--format sarif`: SARIF 2.1.0 as GitHub code scanning reads it. Locations are relative to
// the working directory (run it from the repository root), regions 1-based; columns count
// UTF-16 code units, as LSP positions do. Fixes are included as SARIF fixes. The shapes are
// checked against @types/sarif (`satisfies`), and the output against the SARIF 2.1.0 JSON schema
// in test/unit/cli/sarif-schema.test.ts; the contract is docs/cli-output.md.
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import type { Range, Severity } from '../../analysis/types';
import { ruleMeta } from '../../analysis';
import type { Formatter } from './types';

/** The levels we write: SARIF's `none` is never used (every finding is at least a note). */
type SarifLevel = Extract<Sarif.Result.level, 'error' | 'warning' | 'note'>;

type SarifRegion = Required<
  Pick<Sarif.Region, 'startLine' | 'startColumn' | 'endLine' | 'endColumn'>
>;

type SarifArtifactLocation = Required<Pick<Sarif.ArtifactLocation, 'uri' | 'uriBaseId'>>;

const srcRoot = '%SRCROOT%';

export const repositoryUrl = 'https://github.com/container-doctor/container-doctor';

/** A rule's SARIF descriptor, from the registry's metadata (id, title, why, severity, page). */
export function ruleDescriptor(id: string, seenSeverity: Severity) {
  const meta = ruleMeta(id);
  const helpUri = `${repositoryUrl}/blob/main/${meta?.docsUrl ?? `docs/rules/${id}.md`}`;
  const short = meta?.title ?? id;
  return {
    id,
    name: id,
    shortDescription: { text: short },
    ...(meta ? { fullDescription: { text: meta.why } } : {}),
    helpUri,
    help: { text: `${meta ? `${meta.title}: ${meta.description}.` : id} See ${helpUri}` },
    defaultConfiguration: { level: sarifLevel(meta?.defaultSeverity ?? seenSeverity) },
    ...(meta ? { properties: { appliesTo: meta.appliesTo, fixable: meta.fixable } } : {}),
  } satisfies Sarif.ReportingDescriptor;
}

export function sarifLevel(severity: Severity): SarifLevel {
  if (severity === 'error') return 'error';
  if (severity === 'warning') return 'warning';
  return 'note';
}

export function sarifRegion(range: Range): SarifRegion {
  return {
    startLine: range.start.line + 1,
    startColumn: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

/** A relative path as a URI reference: each segment percent-encoded, '/' kept. */
export function relativeUri(shownPath: string): string {
  return shownPath.split('/').map(encodeURIComponent).join('/');
}

export function createSarifFormatter(options: { cwd: string; version?: string }): Formatter {
  return (files, { showPath }) => {
    const location = (enginePath: string): SarifArtifactLocation => ({
      uri: relativeUri(showPath(enginePath)),
      uriBaseId: srcRoot,
    });
    const ruleIds: string[] = [];
    const firstSeverity = new Map<string, Severity>();
    for (const file of files)
      for (const f of file.analysis.findings)
        if (!firstSeverity.has(f.rule)) {
          ruleIds.push(f.rule);
          firstSeverity.set(f.rule, f.severity);
        }
    ruleIds.sort();
    const rules = ruleIds.map((id) => ruleDescriptor(id, firstSeverity.get(id) ?? 'warning'));
    const results = files.flatMap((file) =>
      file.analysis.findings.map((f): Sarif.Result => ({
        ruleId: f.rule,
        ruleIndex: ruleIds.indexOf(f.rule),
        level: sarifLevel(f.severity),
        message: { text: f.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: relativeUri(file.path), uriBaseId: srcRoot },
              region: sarifRegion(f.range),
            },
          },
        ],
        ...(f.related.length > 0
          ? {
              relatedLocations: f.related.map((r, i) => ({
                id: i + 1,
                message: { text: r.message },
                physicalLocation: {
                  artifactLocation: location(r.path),
                  region: sarifRegion(r.range),
                },
              })),
            }
          : {}),
        ...(f.fixes.length > 0
          ? {
              fixes: f.fixes.map((fix): Sarif.Fix => {
                const byPath = new Map<string, typeof fix.edits>();
                for (const e of fix.edits) byPath.set(e.path, [...(byPath.get(e.path) ?? []), e]);
                return {
                  description: { text: fix.title },
                  artifactChanges: [...byPath].map(([p, edits]) => ({
                    artifactLocation: location(p),
                    replacements: edits.map((e) => ({
                      deletedRegion: sarifRegion(e.range),
                      insertedContent: { text: e.newText },
                    })),
                  })),
                };
              }),
            }
          : {}),
      })),
    );
    const log: Sarif.Log = {
      $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
      version: '2.1.0',
      runs: [
        {
          tool: {
            driver: {
              name: 'container-doctor',
              informationUri: repositoryUrl,
              ...(options.version ? { version: options.version } : {}),
              rules,
            },
          },
          originalUriBaseIds: {
            [srcRoot]: { uri: `${pathToFileURL(options.cwd).href.replace(/\/?$/, '/')}` },
          },
          columnKind: 'utf16CodeUnits',
          results,
        },
      ],
    };
    return `${JSON.stringify(log, null, 2)}\n`;
  };
}
