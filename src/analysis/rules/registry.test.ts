import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeRules, rules } from './registry';
import { readmeRuleTable, rulesSettingSchema } from './catalog';
import { analyzeFile, noBuildContext } from '../index';

const root = join(__dirname, '../../..');

test('rule ids are unique and each has its docs page with a suppression example', () => {
  const ids = rules.map((r) => r.meta.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const r of rules) {
    assert.equal(r.meta.docsUrl, `docs/rules/${r.meta.id}.md`);
    const page = join(root, r.meta.docsUrl);
    assert.ok(existsSync(page), `${page} missing`);
    assert.ok(
      readFileSync(page, 'utf8').includes(`container-doctor-ignore ${r.meta.id}`),
      `${r.meta.id}: no suppression example`,
    );
    assert.ok(r.meta.title && r.meta.why);
  }
});

test('options: off disables a rule, a severity replaces its own', () => {
  const df = 'FROM debian:12\nCMD node x.js\n';
  const on = analyzeFile('Dockerfile', df, noBuildContext);
  assert.ok(on.findings.some((f) => f.rule === 'shell-pid1' && f.severity === 'warning'));
  const off = analyzeFile('Dockerfile', df, noBuildContext, { rules: { 'shell-pid1': 'off' } });
  assert.ok(!off.findings.some((f) => f.rule === 'shell-pid1'));
  const err = analyzeFile('Dockerfile', df, noBuildContext, { rules: { 'shell-pid1': 'error' } });
  assert.ok(err.findings.some((f) => f.rule === 'shell-pid1' && f.severity === 'error'));
});

test('commandRanges point at the CMD/ENTRYPOINT that decide PID 1', () => {
  const a = analyzeFile(
    'Dockerfile',
    'FROM debian:12\nENTRYPOINT ["tini", "--"]\nCMD ["node", "x.js"]\n',
    noBuildContext,
  );
  assert.deepEqual(
    a.commandRanges.map((r) => r.start.line),
    [1, 2],
  );
  assert.deepEqual(analyzeFile('Dockerfile', 'FROM node:20\n', noBuildContext).commandRanges, []);
});

test('analyzeFile never throws, even on binary junk', () => {
  for (const text of [
    '\u0000\uffff',
    'FROM',
    'FROM x\nCMD ["',
    '\\\n'.repeat(50),
    'CMD [1,2]',
    '',
  ]) {
    const a = analyzeFile('Dockerfile', text, noBuildContext);
    assert.equal(a.kind, 'dockerfile');
  }
});

test('package.json: the containerDoctor.rules schema names every rule as the registry does', () => {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, { properties?: unknown }> } };
  };
  const actual = manifest.contributes.configuration.properties['containerDoctor.rules'];
  const expected = rulesSettingSchema(rules);
  assert.deepEqual(
    actual?.properties,
    expected,
    `package.json should hold:\n${JSON.stringify(expected, null, 2)}`,
  );
});

test("README: the rule table is the registry's, with each rule's page", () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const table = readmeRuleTable(rules);
  assert.ok(readme.includes(`${table}\n`), `README.md should hold the table:\n${table}`);
  for (const r of rules) assert.ok(existsSync(join(root, r.meta.docsUrl)), r.meta.docsUrl);
});

test('every rule has a title, a description, a why and a target', () => {
  for (const { meta } of rules) {
    assert.ok(['dockerfile', 'compose'].includes(meta.appliesTo), meta.id);
    assert.ok(meta.title.length > 5 && meta.description.length > 10 && meta.why.length > 20);
    assert.doesNotMatch(`${meta.why} ${meta.description}`, /domain\.md|seed \d|issue #/i);
  }
  assert.deepEqual(
    rules.filter((r) => r.meta.appliesTo === 'compose').map((r) => r.meta.id),
    composeRules.map((r) => r.meta.id),
  );
});
