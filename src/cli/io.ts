// What every CLI command receives: its arguments and where to write.
// Commands return their exit code; they never call process.exit themselves.
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: () => Promise<string>;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/**
 * The exit codes of every command, in one table:
 *   0 ok        nothing at the fail level (lint), graceful (stop-test), nothing found (audit)
 *   1 findings  findings at the fail level, a stop that was not graceful, an audit finding
 *   2 usage     usage error, a path that cannot be read or is no regular file, no such container
 *   3 engine    the Docker engine cannot be reached (or an unexpected internal error)
 */
export const exitCodes = { ok: 0, findings: 1, usage: 2, engine: 3 } as const;

/** Marks a UsageError whichever bundle's copy of this class made it (see below). */
const usageErrorBrand = Symbol.for('container-doctor.UsageError');

/**
 * A mistake in the command line: exit code 2 and the message, no stack. Each command is
 * bundled into a file of its own (scripts/bundles.mjs) with its own copy of this class, so
 * `instanceof` checks a brand that every copy sets, not the class object.
 */
export class UsageError extends Error {
  readonly [usageErrorBrand] = true;
  static override [Symbol.hasInstance](value: unknown): boolean {
    return (
      typeof value === 'object' &&
      value !== null &&
      (value as Record<symbol, unknown>)[usageErrorBrand] === true
    );
  }
}

export type CommandMain = (args: string[], io: CliIo) => Promise<number>;
