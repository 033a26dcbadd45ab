// "Why did this service's task die?": find the task (the latest that died, or one the
// scheduler cannot place), read its container through the same evidence collector as
// `explain CONTAINER` when the container is on this engine, and classify it with the same
// detectors, the swarm's own causes (task-unschedulable, update-failed) tried first.
import type Docker from 'dockerode';
import { classify } from '../explain/classify';
import { collectEvidence, type CollectOptions } from '../explain/evidence';
import { isZeroTime } from '../explain/evidence';
import {
  swarmTaskFacts,
  type ExplainEvidence,
  type Explanation,
  type SwarmFacts,
  type SwarmTaskFacts,
} from '../explain/types';
import { byNewest, listSwarm, swarmRole } from './list';
import {
  TERMINAL_TASK_STATES,
  type SwarmListing,
  type SwarmService,
  type SwarmTask,
} from './types';

const ZERO_TIME = '0001-01-01T00:00:00Z';

export type ServiceExplainResult =
  | { kind: 'ok'; explanation: Explanation; evidence: ExplainEvidence }
  | { kind: 'not-found'; message: string }
  | { kind: 'not-a-manager'; message: string }
  | { kind: 'engine-lost'; message: string }
  | { kind: 'cancelled'; message: string };

export interface ServiceExplainOptions extends CollectOptions {
  /** Explain this task of the service instead of choosing one. */
  taskId?: string;
}

interface ApiError {
  statusCode?: number;
  message?: string;
  json?: { message?: string };
}
const apiError = (err: unknown): ApiError =>
  (err && typeof err === 'object' ? err : { message: String(err) }) as ApiError;

/** The task a user means by "why did the service die": a pending task first, else the latest end. */
export function pickTask(tasks: readonly SwarmTask[]): SwarmTask | undefined {
  const newest = [...tasks].sort(byNewest);
  return (
    newest.find(
      (t) =>
        t.desiredState === 'running' &&
        t.state === 'pending' &&
        /no suitable node/i.test(t.message + t.error),
    ) ??
    newest.find((t) => TERMINAL_TASK_STATES.includes(t.state) && t.state !== 'remove') ??
    newest[0]
  );
}

/** Tasks of the same slot (replicated) or node (global): the history swarm keeps for it. */
function sameSlot(listing: SwarmListing, task: SwarmTask): SwarmTask[] {
  return listing.tasks
    .filter(
      (t) =>
        t.serviceId === task.serviceId &&
        t.id !== task.id &&
        (task.slot !== undefined ? t.slot === task.slot : t.nodeId === task.nodeId),
    )
    .sort(byNewest);
}

function taskFacts(t: SwarmTask, listing: SwarmListing): SwarmTaskFacts {
  const node = listing.nodes.find((n) => n.id === t.nodeId)?.hostname;
  return swarmTaskFacts(t, node || t.nodeId);
}

export function swarmFacts(
  service: SwarmService,
  task: SwarmTask,
  listing: SwarmListing,
): SwarmFacts {
  return {
    service: {
      id: service.id,
      name: service.name,
      ...(service.stack ? { stack: service.stack } : {}),
      image: service.image,
    },
    task: taskFacts(task, listing),
    history: sameSlot(listing, task).map((t) => taskFacts(t, listing)),
    restartPolicy: {
      condition: service.restartPolicy.condition,
      maxAttempts: service.restartPolicy.maxAttempts,
      delaySeconds: service.restartPolicy.delayNs / 1e9,
    },
    ...(service.update
      ? {
          update: {
            state: service.update.state,
            message: service.update.message,
            failureAction: service.updateFailureAction,
          },
        }
      : {}),
    placement: service.placement,
    reservations: service.reservations,
    nodes: listing.nodes.map((n) => ({
      hostname: n.hostname,
      state: n.state,
      availability: n.availability,
      memoryBytes: n.memoryBytes,
    })),
  };
}

/**
 * Evidence from the task alone, when its container cannot be read here (never created, on
 * another node, removed): the task's status stands in for the container's state.
 */
export function taskOnlyEvidence(
  service: SwarmService,
  task: SwarmTask,
  gap: string,
  collectedAt: string,
): ExplainEvidence {
  const ran = task.containerId !== undefined && task.exitCode !== undefined;
  const ended = TERMINAL_TASK_STATES.includes(task.state);
  return {
    schema: 1,
    collectedAt,
    engine: { local: false, daemonStartSource: 'unknown' },
    container: {
      id: task.containerId ?? '',
      name: `${task.name}.${task.id}`,
      image: task.image || service.image,
      imageId: '',
      created: task.createdAt,
      path: '',
      args: [],
    },
    state: {
      status: task.state,
      running: task.state === 'running',
      restarting: false,
      paused: false,
      dead: false,
      oomKilled: false,
      pid: 0,
      exitCode: task.exitCode ?? 0,
      // An error before the container ran (no exit code) is a start failure.
      error: ran ? '' : task.error,
      startedAt: ran || task.state === 'running' ? task.createdAt : ZERO_TIME,
      finishedAt: ended ? task.updatedAt : ZERO_TIME,
    },
    restartCount: 0,
    restartPolicy: { name: 'no', maximumRetryCount: 0 },
    hostConfig: {
      memory: service.limits.memoryBytes,
      memorySwap: 0,
      pidsLimit: null,
      init: null,
      autoRemove: false,
      portBindings: [],
    },
    config: {
      entrypoint: null,
      cmd: null,
      user: '',
      workingDir: '',
      tty: false,
      env: {},
    },
    image: null,
    events: { since: task.createdAt, until: collectedAt, items: [], given: false },
    logs: { tail: 0, bytesRead: 0, lines: [] },
    kernel: { status: 'not-captured', oomLines: [] },
    gaps: [gap],
  };
}

function taskLine(t: SwarmTaskFacts): string {
  return `${t.name} (task ${t.id.slice(0, 12)}${t.node ? ` on node ${t.node}` : ''}): ${t.state}, desired ${t.desiredState}${
    t.error ? `, "${t.error}"` : t.message ? `, "${t.message}"` : ''
  }${t.exitCode !== undefined ? `, exit code ${t.exitCode}` : ''}${
    t.containerId ? `, container ${t.containerId.slice(0, 12)}` : ''
  }`;
}

/** Evidence + swarm facts → the explanation, with the task, its history and the restart policy. */
export function classifyTask(evidence: ExplainEvidence, facts: SwarmFacts): Explanation {
  // What the container alone shows: the cause a swarm cause cites (an update failed *because*).
  const own = classify({ ...evidence, swarm: { ...facts, update: undefined } });
  const full: SwarmFacts = { ...facts, taskCause: { cause: own.cause, summary: own.summary } };
  const x = classify({ ...evidence, swarm: full });
  const failed = facts.history.filter((t) => ['failed', 'rejected'].includes(t.state)).length;
  const r = facts.restartPolicy;
  const lead = [
    ...(x.cause === 'task-unschedulable' ? [] : [{ source: 'task', detail: taskLine(facts.task) }]),
    {
      source: 'service',
      detail: `restart policy: condition ${r.condition}${r.condition === 'none' ? ' (a task that ends is not replaced)' : `, max attempts ${r.maxAttempts || 'unlimited'}, delay ${r.delaySeconds} s`}; ${facts.history.length} earlier task${facts.history.length === 1 ? '' : 's'} in this slot kept by the swarm (${failed} failed): swarm replaces a task, it never restarts its container`,
    },
    ...facts.history.map((t) => ({ source: 'history', detail: taskLine(t) })),
  ];
  const timeline = [...x.timeline];
  for (const t of [facts.task, ...facts.history]) {
    if (!isZeroTime(t.createdAt))
      timeline.push({ time: t.createdAt, event: `task ${t.id.slice(0, 12)} created` });
    if (!isZeroTime(t.updatedAt))
      timeline.push({
        time: t.updatedAt,
        event: `task ${t.id.slice(0, 12)} ${t.state}${t.error ? `: ${t.error}` : ''}`,
      });
  }
  timeline.sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
  return {
    ...x,
    container: x.container.id ? x.container : { ...x.container, id: facts.task.id },
    service: {
      id: facts.service.id,
      name: facts.service.name,
      ...(facts.service.stack ? { stack: facts.service.stack } : {}),
      task: facts.task,
    },
    restartCount: failed,
    evidence: [...lead, ...x.evidence],
    timeline,
  };
}

async function findService(
  docker: Docker,
  ref: string,
  taskId: string | undefined,
): Promise<{ id: string } | undefined> {
  try {
    if (taskId) {
      const t = (await docker.getTask(taskId).inspect()) as { ServiceID?: string };
      return t.ServiceID ? { id: t.ServiceID } : undefined;
    }
    const s = (await docker.getService(ref).inspect()) as { ID: string };
    return { id: s.ID };
  } catch (err) {
    if (apiError(err).statusCode === 404) return undefined;
    throw err;
  }
}

/** Explain a swarm service (name or id), or one of its tasks (options.taskId). Never throws. */
export async function explainService(
  docker: Docker,
  ref: string,
  options: ServiceExplainOptions,
): Promise<ServiceExplainResult> {
  try {
    const role = await swarmRole(docker);
    if (role.kind !== 'manager')
      return {
        kind: 'not-a-manager',
        message:
          role.kind === 'worker'
            ? 'this engine is a swarm worker: services are listed by a manager (connect to one)'
            : 'this engine is not part of a swarm (docker swarm init or join makes it one)',
      };
    const found = await findService(docker, ref, options.taskId);
    if (!found)
      return {
        kind: 'not-found',
        message: options.taskId ? `No such task: ${options.taskId}` : `No such service: ${ref}`,
      };
    const listing = await listSwarm(docker, role.nodeId, { services: [found.id] });
    const service = listing.services[0];
    if (!service) return { kind: 'not-found', message: `No such service: ${ref}` };
    const own = listing.tasks.filter((t) => t.serviceId === service.id);
    const task = options.taskId ? own.find((t) => t.id === options.taskId) : pickTask(own);
    if (!task)
      return {
        kind: 'not-found',
        message: `Service ${service.name} has no task (scaled to 0, or its history was pruned)`,
      };
    const facts = swarmFacts(service, task, listing);
    const now = (options.now ?? (() => new Date()))().toISOString();
    let evidence: ExplainEvidence | undefined;
    let gap: string | undefined;
    if (!task.containerId)
      gap = `the task's container: none was created (state ${task.state}); the task's status is the evidence`;
    else if (task.nodeId !== role.nodeId)
      gap = `the task's container: it is on node ${facts.task.node ?? task.nodeId}, not on this engine; its state, events and logs need that node's engine`;
    else {
      const r = await collectEvidence(docker, task.containerId, options);
      if (r.kind === 'ok') evidence = r.evidence;
      else if (r.kind === 'not-found')
        gap = `the task's container ${task.containerId.slice(0, 12)}: removed (the swarm keeps a few tasks per slot, TaskHistoryRetentionLimit); the task's status is the evidence`;
      else return r;
    }
    evidence ??= taskOnlyEvidence(service, task, gap ?? '', now);
    return {
      kind: 'ok',
      explanation: classifyTask(evidence, facts),
      evidence: { ...evidence, swarm: facts },
    };
  } catch (err) {
    if (options.signal?.aborted) return { kind: 'cancelled', message: 'Cancelled.' };
    const e = apiError(err);
    return {
      kind: 'engine-lost',
      message: `The Docker daemon failed: ${e.json?.message ?? e.message ?? String(err)}`,
    };
  }
}
