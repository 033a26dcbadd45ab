// Types of scripts/bundles.mjs for its TypeScript callers (the bundle test).
import type { BuildOptions, Plugin } from 'esbuild';

export const repoRoot: string;
export const dockerodeBuildKitStubs: Plugin;
export const lazyDockerModemSsh: Plugin;
export const lazyKubernetesClient: Plugin;
export const commandsInTheirOwnFiles: Plugin;
export const analysisWorkerInItsOwnFile: Plugin;
export function shellParserInItsOwnFile(fromDir: string, outdir: string): Plugin;
/** The CLI's commands (src/cli/commands/<name>.ts), sorted. */
export function cliCommands(): string[];
export function commonOptions(opts?: { watch?: boolean }): BuildOptions;
/** extension, server, analysis-worker, cli (the router), cli-<command> for each command, kubernetes-client, shell-parser. */
export function bundleOptions(opts?: {
  watch?: boolean;
  outdir?: string;
}): { name: string; options: BuildOptions }[];
