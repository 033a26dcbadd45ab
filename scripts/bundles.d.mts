// Types of scripts/bundles.mjs for its TypeScript callers (the bundle test).
import type { BuildOptions, Plugin } from 'esbuild';

export const repoRoot: string;
export const dockerodeBuildKitStubs: Plugin;
export const lazyDockerModemSsh: Plugin;
export const mcpCommandApart: Plugin;
export function commonOptions(opts?: { watch?: boolean }): BuildOptions;
export function bundleOptions(opts?: {
  watch?: boolean;
  outdir?: string;
}): { name: 'extension' | 'server' | 'cli' | 'mcp'; options: BuildOptions }[];
