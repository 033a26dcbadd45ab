// Reading a swarm through the Engine API of one of its managers: /info says whether this
// engine is one, /services, /tasks and /nodes say the rest. Raw JSON is reduced to ./types
// by pure functions, so captured answers can be replayed.
import type Docker from 'dockerode';
import {
  STACK_LABEL,
  type RestartPolicy,
  type SwarmListing,
  type SwarmNode,
  type SwarmRole,
  type SwarmService,
  type SwarmStackGroup,
  type SwarmTask,
  type UpdateStatus,
} from './types';
import { num, obj, str } from '../json-fields';

const labelsOf = (v: unknown): Record<string, string> =>
  Object.fromEntries(Object.entries(obj(v)).filter(([, x]) => typeof x === 'string')) as Record<
    string,
    string
  >;

/** The swarm role of the engine from its /info answer. */
export function swarmRoleOf(info: unknown): SwarmRole {
  const s = obj(obj(info).Swarm);
  if (str(s.LocalNodeState) !== 'active') return { kind: 'inactive' };
  return s.ControlAvailable === true
    ? { kind: 'manager', nodeId: str(s.NodeID) }
    : { kind: 'worker', nodeId: str(s.NodeID) };
}

export async function swarmRole(docker: Docker): Promise<SwarmRole> {
  return swarmRoleOf(await docker.info());
}

function restartPolicyOf(v: unknown): RestartPolicy {
  const r = obj(v);
  return {
    // Swarm's default when the spec says nothing is `any` (restart whatever the exit).
    condition: str(r.Condition) || 'any',
    maxAttempts: num(r.MaxAttempts) ?? 0,
    delayNs: num(r.Delay) ?? 5_000_000_000,
    windowNs: num(r.Window) ?? 0,
  };
}

export function serviceOf(raw: unknown): SwarmService {
  const s = obj(raw);
  const spec = obj(s.Spec);
  const mode = obj(spec.Mode);
  const template = obj(spec.TaskTemplate);
  const resources = obj(template.Resources);
  const limits = obj(resources.Limits);
  const reservations = obj(resources.Reservations);
  const labels = labelsOf(spec.Labels);
  const update = obj(s.UpdateStatus);
  const updateStatus: UpdateStatus | undefined = str(update.State)
    ? {
        state: str(update.State),
        message: str(update.Message),
        startedAt: str(update.StartedAt) || undefined,
        completedAt: str(update.CompletedAt) || undefined,
      }
    : undefined;
  return {
    id: str(s.ID),
    name: str(spec.Name),
    stack: labels[STACK_LABEL] || undefined,
    mode:
      'Global' in mode
        ? 'global'
        : 'ReplicatedJob' in mode
          ? 'replicated-job'
          : 'GlobalJob' in mode
            ? 'global-job'
            : 'replicated',
    replicas: num(obj(mode.Replicated).Replicas),
    image: str(obj(template.ContainerSpec).Image).replace(/@sha256:[0-9a-f]+$/, ''),
    labels,
    restartPolicy: restartPolicyOf(template.RestartPolicy),
    update: updateStatus,
    updateFailureAction: str(obj(spec.UpdateConfig).FailureAction) || 'pause',
    placement: {
      constraints: (Array.isArray(obj(template.Placement).Constraints)
        ? (obj(template.Placement).Constraints as unknown[])
        : []
      ).map(str),
    },
    reservations: {
      memoryBytes: num(reservations.MemoryBytes) ?? 0,
      nanoCpus: num(reservations.NanoCPUs) ?? 0,
    },
    limits: { memoryBytes: num(limits.MemoryBytes) ?? 0, nanoCpus: num(limits.NanoCPUs) ?? 0 },
    createdAt: str(s.CreatedAt),
    updatedAt: str(s.UpdatedAt),
  };
}

export function taskOf(raw: unknown, serviceName: string): SwarmTask {
  const t = obj(raw);
  const status = obj(t.Status);
  const cs = obj(status.ContainerStatus);
  const slot = num(t.Slot) || undefined;
  const nodeId = str(t.NodeID) || undefined;
  return {
    id: str(t.ID),
    serviceId: str(t.ServiceID),
    slot,
    nodeId,
    name: `${serviceName}.${slot ?? nodeId ?? '?'}`,
    desiredState: str(t.DesiredState),
    state: str(status.State),
    message: str(status.Message),
    error: str(status.Err),
    exitCode: str(cs.ContainerID) ? num(cs.ExitCode) : undefined,
    containerId: str(cs.ContainerID) || undefined,
    createdAt: str(t.CreatedAt),
    updatedAt: str(status.Timestamp) || str(t.UpdatedAt),
    image: str(obj(obj(t.Spec).ContainerSpec).Image).replace(/@sha256:[0-9a-f]+$/, ''),
  };
}

export function nodeOf(raw: unknown): SwarmNode {
  const n = obj(raw);
  const desc = obj(n.Description);
  const res = obj(desc.Resources);
  const spec = obj(n.Spec);
  return {
    id: str(n.ID),
    hostname: str(desc.Hostname),
    role: str(spec.Role),
    state: str(obj(n.Status).State),
    availability: str(spec.Availability),
    memoryBytes: num(res.MemoryBytes) ?? 0,
    nanoCpus: num(res.NanoCPUs) ?? 0,
    labels: labelsOf(spec.Labels),
  };
}

/** Newest first: the order `docker service ps` and the explorer show tasks in. */
export function byNewest(a: SwarmTask, b: SwarmTask): number {
  return Date.parse(b.createdAt) - Date.parse(a.createdAt);
}

/**
 * Services, their tasks (the history the swarm keeps: TaskHistoryRetentionLimit per slot)
 * and the nodes, from a manager. With `services`, only those services' tasks are listed.
 */
export async function listSwarm(
  docker: Docker,
  localNodeId: string,
  filter: { services?: string[] } = {},
): Promise<SwarmListing> {
  const servicesRaw = (await docker.listServices(
    filter.services ? { filters: { id: filter.services } } : {},
  )) as unknown[];
  const services = servicesRaw.map(serviceOf);
  const names = new Map(services.map((s) => [s.id, s.name]));
  const [tasksRaw, nodesRaw] = await Promise.all([
    docker.listTasks(
      filter.services ? { filters: { service: services.map((s) => s.id) } } : {},
    ) as Promise<unknown[]>,
    docker.listNodes() as Promise<unknown[]>,
  ]);
  const tasks = (filter.services && services.length === 0 ? [] : tasksRaw)
    .map((t) => taskOf(t, names.get(str(obj(t).ServiceID)) ?? str(obj(t).ServiceID)))
    .filter((t) => names.has(t.serviceId))
    .sort(byNewest);
  return { localNodeId, services, tasks, nodes: nodesRaw.map(nodeOf) };
}

/** Services grouped into stacks like compose projects: stacks by name, then the loose services. */
export function groupStacks(services: readonly SwarmService[]): SwarmStackGroup[] {
  const stacks = new Map<string, SwarmService[]>();
  const loose: SwarmService[] = [];
  for (const s of services) {
    if (s.stack) stacks.set(s.stack, [...(stacks.get(s.stack) ?? []), s]);
    else loose.push(s);
  }
  const byName = (a: SwarmService, b: SwarmService) => a.name.localeCompare(b.name);
  const out: SwarmStackGroup[] = [...stacks.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([stack, members]) => ({ stack, services: members.sort(byName) }));
  if (loose.length) out.push({ stack: undefined, services: loose.sort(byName) });
  return out;
}

/** Running tasks over wanted ones, as `docker service ls` shows REPLICAS. */
export function replicaCounts(
  service: SwarmService,
  tasks: readonly SwarmTask[],
): { running: number; desired: number } {
  const own = tasks.filter((t) => t.serviceId === service.id);
  const running = own.filter((t) => t.state === 'running').length;
  const desired =
    service.mode === 'replicated'
      ? (service.replicas ?? 0)
      : own.filter((t) => t.desiredState === 'running').length;
  return { running, desired };
}
