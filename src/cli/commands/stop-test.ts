// Skeleton: implemented by its issue.
import type { CliIo } from '../io';

export async function stopTestMain(_args: string[], io: CliIo): Promise<number> {
  io.stderr('container-doctor stop-test: not implemented yet\n');
  return 3;
}
