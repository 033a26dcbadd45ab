// `container-doctor explain SERVICE`: a swarm service's latest task, explained. The
// `service/NAME` and `task/ID` forms name a service or a task outright; a bare NAME that
// is no container is tried as a service when the engine is a swarm manager.
import type Docker from 'dockerode';
import { checkContainerRef } from '../runtime/connection';
import { explainService, type ServiceExplainResult } from '../runtime/swarm';
import { UsageError } from './io';

export interface SwarmRef {
  kind: 'service' | 'task';
  ref: string;
}

/** `service/NAME` or `task/ID`, checked like a container name before it goes into a path. */
export function parseSwarmRef(input: string): SwarmRef | undefined {
  const m = /^(service|task)\/(.*)$/.exec(input);
  if (!m) return undefined;
  const checked = checkContainerRef(m[2]!);
  if (!checked.ok)
    throw new UsageError(
      `'${m[2]}' is not a ${m[1]} name or ID (letters, digits, '_', '.' and '-')`,
    );
  return { kind: m[1] as SwarmRef['kind'], ref: m[2]! };
}

export function explainSwarmRef(
  docker: Docker,
  ref: SwarmRef,
  options: { local: boolean; logTail?: number },
): Promise<ServiceExplainResult> {
  return explainService(docker, ref.ref, {
    ...options,
    ...(ref.kind === 'task' ? { taskId: ref.ref } : {}),
  });
}
