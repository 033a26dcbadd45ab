// What a swarm manager says about its services, tasks and nodes, reduced to what the
// explorer shows and `explain` reads. Plain JSON (so a listing can be replayed in unit
// tests); built from the Engine API's /services, /tasks and /nodes by ./list.

/** The label `docker stack deploy` puts on every service of a stack. */
export const STACK_LABEL = 'com.docker.stack.namespace';

/** A task's life, as swarmkit names the states (new … running, then a terminal one). */
export type TaskState =
  | 'new'
  | 'allocated'
  | 'pending'
  | 'assigned'
  | 'accepted'
  | 'preparing'
  | 'ready'
  | 'starting'
  | 'running'
  | 'complete'
  | 'shutdown'
  | 'failed'
  | 'rejected'
  | 'remove'
  | 'orphaned'
  | string;

/** States after which a task never runs again (swarm starts a new task instead). */
export const TERMINAL_TASK_STATES: readonly string[] = [
  'complete',
  'shutdown',
  'failed',
  'rejected',
  'remove',
  'orphaned',
];

/** States before a node runs the task: the scheduler has not placed it (or the node not started it). */
export const WAITING_TASK_STATES: readonly string[] = [
  'new',
  'allocated',
  'pending',
  'assigned',
  'accepted',
  'preparing',
  'ready',
  'starting',
];

export interface SwarmTask {
  id: string;
  serviceId: string;
  /** Replicated services number their tasks by slot; global services have none. */
  slot?: number;
  nodeId?: string;
  /** `service.slot` (or `service.node` for global services), as `docker service ps` shows it. */
  name: string;
  desiredState: string;
  state: TaskState;
  /** Status.Message: what the node or the scheduler last said ("started", "no suitable node …"). */
  message: string;
  /** Status.Err: why the task failed ("task: non-zero exit (3)"). */
  error: string;
  /** Status.ContainerStatus.ExitCode, once the container ended. */
  exitCode?: number;
  containerId?: string;
  createdAt: string;
  /** Status.Timestamp: when the task entered its current state. */
  updatedAt: string;
  image: string;
}

export interface RestartPolicy {
  /** none, on-failure or any (swarm's default). */
  condition: string;
  /** 0 means unlimited. */
  maxAttempts: number;
  delayNs: number;
  windowNs: number;
}

/** A rolling update's progress (`docker service inspect` UpdateStatus). */
export interface UpdateStatus {
  /** updating, paused, completed, rollback_started, rollback_paused, rollback_completed. */
  state: string;
  message: string;
  startedAt?: string;
  completedAt?: string;
}

export interface SwarmService {
  id: string;
  name: string;
  /** The stack (com.docker.stack.namespace), when `docker stack deploy` made it. */
  stack?: string;
  mode: 'replicated' | 'global' | 'replicated-job' | 'global-job';
  /** Wanted replicas (replicated services). */
  replicas?: number;
  image: string;
  labels: Record<string, string>;
  restartPolicy: RestartPolicy;
  update?: UpdateStatus;
  /** UpdateConfig.FailureAction: pause (default), continue or rollback. */
  updateFailureAction: string;
  placement: { constraints: string[] };
  reservations: { memoryBytes: number; nanoCpus: number };
  limits: { memoryBytes: number; nanoCpus: number };
  createdAt: string;
  updatedAt: string;
}

export interface SwarmNode {
  id: string;
  hostname: string;
  role: string;
  /** ready, down, unknown, disconnected. */
  state: string;
  /** active, pause, drain. */
  availability: string;
  memoryBytes: number;
  nanoCpus: number;
  labels: Record<string, string>;
}

export interface SwarmListing {
  /** This engine's own node id: the tasks whose containers it can inspect. */
  localNodeId: string;
  services: SwarmService[];
  tasks: SwarmTask[];
  nodes: SwarmNode[];
}

/** A stack (services with one com.docker.stack.namespace), or the services without one. */
export interface SwarmStackGroup {
  stack: string | undefined;
  services: SwarmService[];
}

/** Whether this engine can list services (a swarm manager), and why not. */
export type SwarmRole =
  { kind: 'manager'; nodeId: string } | { kind: 'worker'; nodeId: string } | { kind: 'inactive' };
