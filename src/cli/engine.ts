// Which engine a Docker command talks to, from its flags and the environment, with the docker
// CLI's precedence: --host > --context > DOCKER_HOST > DOCKER_CONTEXT > the current context.
import { homedir } from 'node:os';
import {
  connect,
  resolveEngineEndpoint,
  type ConnectOptions,
  type EngineState,
} from '../runtime/connection';

export interface EngineFlags {
  host?: string;
  context?: string;
}

/** The flags' help lines, the same in every Docker command. */
export const ENGINE_FLAGS_HELP = `  --host URL       engine to use (unix://, tcp://, ssh://), as docker -H
  --context NAME   docker context to use, as docker --context (default: DOCKER_HOST,
                   DOCKER_CONTEXT, then the current context)`;

export function connectWithFlags(
  flags: EngineFlags,
  env: Readonly<Record<string, string | undefined>>,
  options: ConnectOptions = {},
): Promise<EngineState> {
  return connect(resolveEngineEndpoint(flags, env, homedir()), options);
}
