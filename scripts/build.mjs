// Bundles the three programs with esbuild: the extension client (runs in the VS Code
// extension host), the language server (its own process) and the CLI. Their options are in
// ./bundles.mjs (shared with the bundle test).
import * as esbuild from 'esbuild';
import { chmodSync } from 'node:fs';
import { bundleOptions } from './bundles.mjs';

const watch = process.argv.includes('--watch');
const bundles = bundleOptions({ watch });
if (watch) {
  for (const { options } of bundles) await (await esbuild.context(options)).watch();
  console.log('esbuild: watching');
} else {
  await Promise.all(bundles.map(({ options }) => esbuild.build(options)));
  chmodSync(bundles.find((b) => b.name === 'cli').options.outfile, 0o755);
}
