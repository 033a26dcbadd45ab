// What every CLI command receives: its arguments and where to write.
// Commands return their exit code; they never call process.exit themselves.
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: () => Promise<string>;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** Exit codes shared by all commands. */
export const exitCodes = { ok: 0, findings: 1, usage: 2 } as const;

export class UsageError extends Error {}

export type CommandMain = (args: string[], io: CliIo) => Promise<number>;
