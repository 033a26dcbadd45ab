// Skeleton: implemented by its issue.
import type { CliIo } from '../io';

export async function psMain(_args: string[], io: CliIo): Promise<number> {
  io.stderr('container-doctor ps: not implemented yet\n');
  return 3;
}
