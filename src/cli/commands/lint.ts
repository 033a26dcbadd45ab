// Skeleton: implemented by its issue.
import type { CliIo } from '../io';

export async function lintMain(_args: string[], io: CliIo): Promise<number> {
  io.stderr('container-doctor lint: not implemented yet\n');
  return 3;
}
