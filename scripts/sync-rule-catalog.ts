// `npm run rules:sync`: write what comes from the rule registry into the files that carry
// it: the `containerDoctor.rules` settings schema in package.json and the README's rule
// table (src/analysis/rules/registry.test.ts fails until they match).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rules } from '../src/analysis/rules/registry';
import { readmeRuleTable, rulesSettingSchema } from '../src/analysis/rules/catalog';

const root = join(__dirname, '..');
const manifestPath = join(root, 'package.json');
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
  contributes: { configuration: { properties: Record<string, { properties?: unknown }> } };
};
manifest.contributes.configuration.properties['containerDoctor.rules']!.properties =
  rulesSettingSchema(rules);
writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + '\n');

const readmePath = join(root, 'README.md');
const readme = readFileSync(readmePath, 'utf8');
const start = readme.indexOf('| rule | finds |');
if (start < 0) throw new Error('README.md has no rule table (a line "| rule | finds |")');
let end = readme.indexOf('\n', start);
while (readme.startsWith('|', end + 1)) end = readme.indexOf('\n', end + 1);
writeFileSync(readmePath, readme.slice(0, start) + readmeRuleTable(rules) + readme.slice(end));
console.log(`${rules.length} rules written to package.json and README.md`);
