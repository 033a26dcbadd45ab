// Bundles the three programs with esbuild: the extension client (runs in the
// VS Code extension host), the language server (its own process) and the CLI.
import * as esbuild from 'esbuild';
import { chmodSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'linked',
  minify: !watch && process.env.CDOC_NO_MINIFY !== '1',
  logLevel: 'warning',
  // cpu-features and ssh2's native parts are optional in ssh2 (used by dockerode for ssh://).
  external: ['vscode', 'cpu-features', './crypto/build/Release/sshcrypto.node'],
};
const entries = [
  { entryPoints: ['src/extension/main.ts'], outfile: 'dist/extension.js' },
  { entryPoints: ['src/server/main.ts'], outfile: 'dist/server.js' },
  {
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
  },
];
if (watch) {
  for (const e of entries) await (await esbuild.context({ ...common, ...e })).watch();
  console.log('esbuild: watching');
} else {
  await Promise.all(entries.map((e) => esbuild.build({ ...common, ...e })));
  chmodSync('dist/cli.js', 0o755);
}
