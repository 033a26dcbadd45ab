// Runs the real `container-doctor` CLI (src/cli/main.ts through tsx) in a child process, as a
// user or CI runs the built `dist/cli.js`: arguments, working directory, stdin, exit code.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');
export const cliMain = path.join(repoRoot, 'src', 'cli', 'main.ts');
export const tsxLoader = pathToFileURL(
  path.join(repoRoot, 'node_modules', 'tsx', 'dist', 'loader.mjs'),
).href;
/** The node arguments that start the CLI from source: `node ${cliNodeArgs} lint ...`. */
export const cliNodeArgs = ['--import', tsxLoader, cliMain];

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(
  args: string[],
  options: { cwd: string; input?: string; env?: NodeJS.ProcessEnv },
): CliRun {
  const r = spawnSync(process.execPath, [...cliNodeArgs, ...args], {
    cwd: options.cwd,
    input: options.input ?? '',
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...options.env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Writes `dir/container-doctor`, an executable that runs this repository's CLI from source
 * with all its arguments: what an installed `container-doctor` (or `npx container-doctor`)
 * would be, for tests that run documented commands as written. The bundle `dist/cli.js` is
 * built from the same src/cli/main.ts; the source is used so that unit tests need no build.
 */
export function writeCliBinary(dir: string): string {
  const bin = path.join(dir, 'container-doctor');
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  writeFileSync(
    bin,
    `#!/bin/sh\nexec ${[process.execPath, ...cliNodeArgs].map(quote).join(' ')} "$@"\n`,
    { mode: 0o755 },
  );
  return bin;
}
