// docs/cli-output.md is the contract of `lint --format json|sarif` and of lint's exit codes.
// This test reads that page's tables (not the formatters) and holds the CLI's real output to
// them: every key it writes is documented with its type and order, every documented key is
// written, the severity mapping and the exit codes are what the page says.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { repoRoot, runCli } from './run-cli';

const contractPage = readFileSync(path.join(repoRoot, 'docs', 'cli-output.md'), 'utf8');

/** The rows of the first table under a `## ` heading, as cells without the backticks' row key. */
function tableUnder(heading: string): string[][] {
  const start = contractPage.indexOf(`\n## ${heading}\n`);
  assert.ok(start >= 0, `docs/cli-output.md has no section "## ${heading}"`);
  const section = contractPage.slice(start + 1).split(/\n## /)[0];
  const rows = section.split('\n').filter((l) => l.startsWith('|'));
  // The header and the |---| line are not rows.
  return rows.slice(2).map((l) =>
    l
      .slice(1, -1)
      .split('|')
      .map((c) => c.trim()),
  );
}

interface KeyRow {
  key: string;
  types: Set<string>;
  what: string;
}

function keyTable(heading: string): KeyRow[] {
  return tableUnder(heading).map(([key, type, what]) => ({
    key: key.replace(/^`|`$/g, ''),
    types: new Set(type.split(' or ')),
    what,
  }));
}

/** Every key path in a JSON value, with the types seen there (`[]` for array elements). */
function keyPaths(value: unknown, at = '', out = new Map<string, Set<string>>()) {
  const note = (type: string) => {
    if (!out.has(at)) out.set(at, new Set());
    out.get(at)!.add(type);
  };
  if (Array.isArray(value)) {
    if (value.length > 0 && value.every((v) => typeof v === 'string')) note('string[]');
    else {
      note(value.length === 0 ? 'empty array' : 'array');
      for (const v of value) keyPaths(v, `${at}[]`, out);
    }
  } else if (value === null) note('null');
  else if (typeof value === 'object') {
    // An array's elements are described by the array's row.
    if (at && !at.endsWith('[]')) note('object');
    for (const [k, v] of Object.entries(value)) keyPaths(v, at ? `${at}.${k}` : k, out);
  } else if (typeof value === 'number') note(Number.isInteger(value) ? 'integer' : 'number');
  else note(typeof value);
  return out;
}

/** The order of sibling keys in every object of a JSON value, by the object's path. */
function keyOrders(value: unknown, at = '', out = new Map<string, string[][]>()) {
  if (Array.isArray(value)) for (const v of value) keyOrders(v, `${at}[]`, out);
  else if (value !== null && typeof value === 'object') {
    out.set(at, [...(out.get(at) ?? []), Object.keys(value)]);
    for (const [k, v] of Object.entries(value)) keyOrders(v, at ? `${at}.${k}` : k, out);
  }
  return out;
}

function valuesAt(value: unknown, keyPath: string): unknown[] {
  let current: unknown[] = [value];
  for (const part of keyPath.split('.')) {
    const name = part.replace(/\[\]$/, '');
    current = current.map((v) => (v as Record<string, unknown>)[name]);
    if (part.endsWith('[]')) current = current.flatMap((v) => (Array.isArray(v) ? v : []));
  }
  return current.filter((v) => v !== undefined);
}

function assertMatchesTable(output: unknown, rows: KeyRow[], format: string): void {
  const seen = keyPaths(output);
  const documented = new Map(rows.map((r) => [r.key, r]));
  const undocumented = [...seen.keys()].filter((k) => !documented.has(k));
  assert.deepEqual(undocumented, [], `${format} writes keys docs/cli-output.md does not name`);
  const missing = rows.map((r) => r.key).filter((k) => !seen.has(k));
  assert.deepEqual(missing, [], `docs/cli-output.md names ${format} keys the output never has`);
  for (const [key, types] of seen) {
    const allowed = documented.get(key)!.types;
    for (const type of types) {
      const ok =
        allowed.has(type) ||
        (type === 'empty array' && (allowed.has('array') || allowed.has('string[]')));
      assert.ok(ok, `${format} ${key}: ${type}, documented as ${[...allowed].join(' or ')}`);
    }
  }
  // A row whose description is one literal in backticks names the only value written there.
  for (const row of rows) {
    const literal = /^`([^`]+)`$/.exec(row.what)?.[1];
    if (literal === undefined) continue;
    for (const v of valuesAt(output, row.key)) assert.equal(v, literal, `${format} ${row.key}`);
  }
}

const tempDirs: string[] = [];
after(() => {
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
});

// Everything the repository has to lint: the examples and the lint fixtures (findings of every
// default severity, related locations, fixes into a second file, compose files, a clean file).
const inputs = ['examples', 'test/fixtures/lint'];
const env = { CDOC_VERSION: '0.1.0' };
const jsonRun = runCli(['lint', ...inputs, '--format', 'json'], { cwd: repoRoot, env });
const sarifRun = runCli(['lint', ...inputs, '--format', 'sarif'], { cwd: repoRoot, env });

interface JsonReport {
  version: string;
  files: { path: string; findings: { rule: string; severity: string }[] }[];
}

describe('docs/cli-output.md holds: the real output against its tables', () => {
  test('--format json: every key documented with its type and order, every documented key written', () => {
    assert.equal(jsonRun.status, 1, jsonRun.stderr);
    const report = JSON.parse(jsonRun.stdout) as JsonReport;
    const rows = keyTable('`--format json`');
    assertMatchesTable(report, rows, 'json');
    // The version the page states is the one written.
    const versionRow = rows.find((r) => r.key === 'version')!;
    assert.match(versionRow.what, new RegExp(`\`"${report.version}"\``));
    // "Keys appear in this order": siblings in the order of the table.
    for (const [at, orders] of keyOrders(report)) {
      const prefix = at ? `${at}.` : '';
      const documentedOrder = rows
        .map((r) => r.key)
        .filter((k) => k.startsWith(prefix) && !k.slice(prefix.length).includes('.'))
        .map((k) => k.slice(prefix.length));
      for (const keys of orders)
        assert.deepEqual(
          keys,
          documentedOrder.filter((k) => keys.includes(k)),
          `order at ${at}`,
        );
    }
  });

  test('--format sarif: every key documented with its type, every documented key written', () => {
    assert.equal(sarifRun.status, 1, sarifRun.stderr);
    assertMatchesTable(JSON.parse(sarifRun.stdout), keyTable('`--format sarif`'), 'sarif');
  });

  test('severities: the JSON severity and the SARIF level of each finding are the documented pair', () => {
    const mapping = new Map(
      tableUnder('Severities').map(([, json, sarif, fails]) => [
        json.replace(/`/g, ''),
        { level: sarif.replace(/`/g, ''), fails: fails === 'yes' },
      ]),
    );
    assert.deepEqual([...mapping.keys()], ['error', 'warning', 'info', 'hint']);
    const findings = (JSON.parse(jsonRun.stdout) as JsonReport).files.flatMap((f) => f.findings);
    const results = JSON.parse(sarifRun.stdout).runs[0].results as {
      ruleId: string;
      level: string;
    }[];
    assert.equal(results.length, findings.length);
    const seen = new Set<string>();
    findings.forEach((f, i) => {
      assert.equal(results[i].ruleId, f.rule);
      assert.equal(results[i].level, mapping.get(f.severity)?.level, `${f.rule} (${f.severity})`);
      seen.add(f.severity);
    });
    assert.deepEqual([...seen].sort(), ['error', 'info', 'warning']);
  });

  test('severities: a file fails with the default --fail-level exactly when the page says so', () => {
    const fails = new Map(
      tableUnder('Severities').map(([, json, , f]) => [json.replace(/`/g, ''), f === 'yes']),
    );
    // One file whose worst finding is an info, one a warning, one an error.
    for (const [file, worst] of [
      ['examples/heap-over-limit/Dockerfile', 'info'],
      ['examples/debian-node-shell/Dockerfile', 'warning'],
      ['test/fixtures/lint/severities/Dockerfile', 'error'],
    ] as const) {
      const r = runCli(['lint', file, '--format', 'json'], { cwd: repoRoot });
      const severities = (JSON.parse(r.stdout) as JsonReport).files[0].findings.map(
        (f) => f.severity,
      );
      assert.ok(severities.includes(worst), `${file}: ${severities.join(' ')}`);
      assert.equal(r.status, fails.get(worst) ? 1 : 0, `${file} (worst: ${worst})`);
    }
  });

  test('exit codes: the documented code for each situation', () => {
    const codes = new Map(tableUnder('Exit codes').map(([code, when]) => [Number(code), when]));
    assert.deepEqual([...codes.keys()], [0, 1, 2, 3]);
    const empty = mkdtempSync(path.join(tmpdir(), 'cdoc-contract-'));
    tempDirs.push(empty);
    const situations: [string, string[], string, number][] = [
      ['a clean file', ['lint', 'test/fixtures/lint/clean'], repoRoot, 0],
      ['findings at the fail level', ['lint', 'examples'], repoRoot, 1],
      ['only below the fail level', ['lint', 'examples', '--fail-level', 'none'], repoRoot, 0],
      ['an unknown option', ['lint', '--bogus'], repoRoot, 2],
      ['a path that does not exist', ['lint', 'no-such-path'], repoRoot, 2],
      ['nothing to lint', ['lint', '.'], empty, 2],
    ];
    for (const [what, args, cwd, expected] of situations) {
      const r = runCli([...args, '--format', 'sarif'], { cwd });
      assert.equal(r.status, expected, `${what}: ${r.stderr}`);
      assert.ok(codes.has(expected));
      // A usage error prints no report; every other run prints a whole one.
      if (what === 'an unknown option' || what === 'a path that does not exist')
        assert.equal(r.stdout, '', what);
      else assert.equal(JSON.parse(r.stdout).version, '2.1.0', what);
    }
    assert.match(codes.get(2)!, /nothing to lint/);
    assert.match(codes.get(2)!, /does not exist/);
  });
});
