// Skeleton: implemented by its issue.
import type { CliIo } from '../io';

export async function explainMain(_args: string[], io: CliIo): Promise<number> {
  io.stderr('container-doctor explain: not implemented yet\n');
  return 3;
}
