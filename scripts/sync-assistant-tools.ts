// `npm run tools:sync`: write VS Code's `contributes.languageModelTools` in package.json from
// the MCP tools' schemas and descriptions (test/unit/cli/mcp.test.ts fails until they match).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { languageModelToolsContribution } from '../src/cli/mcp/catalog';

const manifestPath = join(__dirname, '..', 'package.json');
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
  contributes: Record<string, unknown>;
};
manifest.contributes.languageModelTools = languageModelToolsContribution();
writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
