// Skeleton: implemented by its issue.
import type { CliIo } from '../io';

export async function auditMain(_args: string[], io: CliIo): Promise<number> {
  io.stderr('container-doctor audit: not implemented yet\n');
  return 3;
}
