// The CLI's main() run in this process, as the docker tests call it: what it writes to stdout
// and stderr captured, no stdin, the environment the test gives (DOCKER_HOST, DOCKER_CONFIG …).
import type { CliIo } from '../../src/cli/io';
import { main } from '../../src/cli/main';

export interface CliCapture {
  code: number;
  out: string;
  err: string;
}

export async function runCliInProcess(
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<CliCapture> {
  let out = '';
  let err = '';
  const io: CliIo = {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    readStdin: async () => '',
    cwd: process.cwd(),
    env,
  };
  const code = await main(args, io);
  return { code, out, err };
}
