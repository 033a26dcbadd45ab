// A container argument goes into an Engine API path: one that is not a Docker container name
// or ID is refused before any engine is asked (exit 2), whatever DOCKER_HOST says.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/io';

async function run(args: string[]): Promise<{ code: number; err: string }> {
  let err = '';
  const io: CliIo = {
    stdout: () => undefined,
    stderr: (t) => (err += t),
    readStdin: async () => '',
    cwd: process.cwd(),
    // An engine that cannot answer: the check must come first.
    env: { ...process.env, DOCKER_HOST: 'unix:///nonexistent/docker.sock' },
  };
  return { code: await main(args, io), err };
}

for (const command of ['explain', 'ps'])
  for (const bad of ['../../containers/json', 'a/b', 'name?x=1', '-rf'.replace('-', '%2D')])
    test(`${command} ${bad}: not a container name or ID, exit 2`, async () => {
      const { code, err } = await run([command, bad]);
      assert.equal(code, 2, err);
      assert.match(err, /not a container name or ID/);
    });
