// `lint --format sarif` against the SARIF 2.1.0 JSON schema (./sarif-schema.ts), on real
// outputs of the CLI: this repository's examples/, a folder with findings of every level,
// fixes that edit a second file, compose files and a path that needs percent-encoding, an empty
// result, nothing to lint, stdin; and every severity through the formatter.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import type * as Sarif from 'sarif';
import { analyzeFile } from '../../../src/analysis';
import { noBuildContext, type Severity } from '../../../src/analysis/types';
import { createSarifFormatter } from '../../../src/cli/format/sarif';
import { repoRoot, runCli } from './run-cli';
import { sarifSchemaErrors } from './sarif-schema';

const fixtures = path.join(repoRoot, 'test', 'fixtures', 'lint');

function sarifOf(args: string[], cwd: string, input?: string) {
  const r = runCli(['lint', '--format', 'sarif', ...args], { cwd, input });
  const log = JSON.parse(r.stdout) as Sarif.Log;
  return { ...r, log, results: log.runs[0].results ?? [] };
}

function assertSchemaValid(log: unknown): void {
  assert.deepEqual(sarifSchemaErrors(log), [], 'the SARIF 2.1.0 schema rejects the output');
}

const tempDirs: string[] = [];
after(() => {
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
});

describe('lint --format sarif: valid against the SARIF 2.1.0 schema', () => {
  test('the validator is not vacuous: it rejects a level SARIF does not have and a 0 line', () => {
    const { log } = sarifOf(['severities'], fixtures);
    const broken = structuredClone(log);
    broken.runs[0].results![0].level = 'fatal' as Sarif.Result.level;
    broken.runs[0].results![0].locations![0].physicalLocation!.region!.startLine = 0;
    const errors = sarifSchemaErrors(broken);
    assert.ok(
      errors.some((e) => e.includes('/level')),
      errors.join('\n'),
    );
    assert.ok(
      errors.some((e) => e.includes('/region/startLine')),
      errors.join('\n'),
    );
    assert.notDeepEqual(sarifSchemaErrors({ version: '2.1.0' }), []);
  });

  test("this repository's examples/: Dockerfiles and compose files, with fixes", () => {
    const r = sarifOf(['examples'], repoRoot);
    assert.equal(r.status, 1, r.stderr);
    assertSchemaValid(r.log);
    const uris = new Set(
      r.results.map((x) => x.locations![0].physicalLocation!.artifactLocation!.uri),
    );
    assert.ok(uris.has('examples/compose.yaml'), [...uris].join(' '));
    assert.ok(uris.has('examples/heap-over-limit/compose.yaml'), [...uris].join(' '));
    assert.ok(uris.has('examples/debian-node-shell/Dockerfile'), [...uris].join(' '));
    assert.ok(r.results.some((x) => (x.fixes ?? []).length > 0));
  });

  test('findings of every level, a fix that edits a second file, a path with a space and é', () => {
    const r = sarifOf(['severities'], fixtures);
    assert.equal(r.status, 1, r.stderr);
    assertSchemaValid(r.log);
    const levels = new Set(r.results.map((x) => x.level));
    assert.deepEqual([...levels].sort(), ['error', 'note', 'warning']);
    const uris = r.results.map((x) => x.locations![0].physicalLocation!.artifactLocation!.uri);
    assert.ok(uris.includes('severities/caf%C3%A9%20api/Dockerfile'), uris.join(' '));
    assert.ok(uris.includes('severities/compose.yaml'), uris.join(' '));
    // cannot-start's fix writes a #! line into start.sh: the change names that file.
    const cannotStart = r.results.find((x) => x.ruleId === 'cannot-start')!;
    const changed = cannotStart.fixes!.flatMap((f) =>
      f.artifactChanges.map((c) => c.artifactLocation.uri),
    );
    assert.ok(changed.includes('severities/start.sh'), changed.join(' '));
  });

  test('an empty result: a clean Dockerfile gives a valid log with no results, exit 0', () => {
    const r = sarifOf(['clean'], fixtures);
    assert.equal(r.status, 0, r.stderr);
    assertSchemaValid(r.log);
    assert.deepEqual(r.results, []);
    assert.deepEqual(r.log.runs[0].tool.driver.rules, []);
  });

  test('nothing to lint: exit 2, and stdout is still a valid log with no results', () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'cdoc-sarif-'));
    tempDirs.push(empty);
    const r = sarifOf(['.'], empty);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /no Dockerfiles or compose files found/);
    assertSchemaValid(r.log);
    assert.deepEqual(r.results, []);
  });

  test('stdin: <stdin> is written as a percent-encoded relative reference', () => {
    const r = sarifOf(['-'], fixtures, 'FROM debian:12\nCMD node server.js\n');
    assert.equal(r.status, 1, r.stderr);
    assertSchemaValid(r.log);
    assert.equal(r.results[0].locations![0].physicalLocation!.artifactLocation!.uri, '%3Cstdin%3E');
  });
});

describe('the SARIF formatter: every severity', () => {
  test('error, warning, info and hint map to error, warning, note, note, and stay valid', () => {
    const file = path.join(fixtures, 'severities', 'café api', 'Dockerfile');
    const analysis = analyzeFile(file, readFileSync(file, 'utf8'), noBuildContext);
    assert.ok(analysis.findings.length > 0);
    const severities: Severity[] = ['error', 'warning', 'info', 'hint'];
    const linted = severities.map((severity) => ({
      path: `${severity}/Dockerfile`,
      analysis: { ...analysis, findings: analysis.findings.map((f) => ({ ...f, severity })) },
    }));
    const format = createSarifFormatter({ cwd: fixtures, version: '0.1.0' });
    const log = JSON.parse(
      format(linted, { showPath: (p) => path.relative(fixtures, p) }),
    ) as Sarif.Log;
    assertSchemaValid(log);
    const levelOf = (severity: Severity) =>
      log.runs[0].results!.find((x) =>
        x.locations![0].physicalLocation!.artifactLocation!.uri!.startsWith(`${severity}/`),
      )!.level;
    assert.deepEqual(severities.map(levelOf), ['error', 'warning', 'note', 'note']);
    assert.equal(log.runs[0].tool.driver.version, '0.1.0');
  });
});
