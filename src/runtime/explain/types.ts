// The contracts of "why did this container exit?": the evidence collected from the
// Engine API (plain JSON, so real captures can be replayed in unit tests) and the
// explanation the pure classifier derives from it (the CLI's JSON contract).

/** One container event from `GET /events`, reduced to what the classifier reads. */
export interface ContainerEvent {
  /** ISO time with nanoseconds kept as far as JS dates allow (from timeNano). */
  time: string;
  /** Nanoseconds since the epoch as a decimal string, for exact ordering. */
  timeNano: string;
  /** `create`, `start`, `kill`, `oom`, `die`, `stop`, `restart`, `destroy`, … */
  action: string;
  /** `signal` for kill, `exitCode` for die, … (labels are dropped). */
  attributes: Record<string, string>;
}

export interface LogLine {
  stream: 'stdout' | 'stderr';
  /** Timestamp the daemon recorded, when it did. */
  time?: string;
  text: string;
}

/** A kernel log line about the OOM killer that names this container's cgroup. */
export interface KernelOomLine {
  /** ISO time computed from the monotonic stamp and the boot time. */
  time: string;
  text: string;
}

export interface ExplainEvidence {
  /** Bumped when the shape changes, so stale fixtures are noticed. */
  schema: 1;
  collectedAt: string;
  engine: {
    /** The daemon runs on this machine (its /proc and kernel log are ours to read). */
    local: boolean;
    serverVersion?: string;
    apiVersion?: string;
    /** When the running dockerd started (host /proc), if known. */
    daemonStartedAt?: string;
    daemonStartSource?: 'proc' | 'unknown';
    liveRestore?: boolean;
    memTotal?: number;
    cgroupVersion?: string;
  };
  container: {
    id: string;
    name: string;
    image: string;
    imageId: string;
    created: string;
    /** What Docker executes: Path + Args. */
    path: string;
    args: string[];
  };
  state: {
    status: string;
    running: boolean;
    restarting: boolean;
    paused: boolean;
    dead: boolean;
    oomKilled: boolean;
    pid: number;
    exitCode: number;
    error: string;
    startedAt: string;
    finishedAt: string;
    health?: string;
  };
  restartCount: number;
  restartPolicy: { name: string; maximumRetryCount: number };
  hostConfig: {
    memory: number;
    memorySwap: number;
    pidsLimit: number | null;
    init: boolean | null;
    autoRemove: boolean;
    portBindings: string[];
  };
  config: {
    entrypoint: string[] | null;
    cmd: string[] | null;
    stopSignal?: string;
    stopTimeout?: number;
    user: string;
    workingDir: string;
    tty: boolean;
    /** Only the variables that size runtimes (JAVA_OPTS, NODE_OPTIONS, …): other values may be secrets. */
    env: Record<string, string>;
  };
  image: {
    id: string;
    entrypoint: string[] | null;
    cmd: string[] | null;
    stopSignal?: string;
    user: string;
  } | null;
  events: {
    since: string;
    until: string;
    items: ContainerEvent[];
    /** false when captured evidence came without its events (explain --from without --events). */
    given?: false;
  };
  logs: {
    tail: number;
    /** Bytes the daemon sent for the tail (never the whole log). */
    bytesRead: number;
    lines: LogLine[];
  };
  kernel: {
    /**
     * 'unreadable' when /dev/kmsg could not be read (not root, …); 'remote' for an engine on
     * another machine; 'not-captured' for evidence captured elsewhere (explain --from).
     */
    status: 'read' | 'unreadable' | 'remote' | 'not-captured';
    oomLines: KernelOomLine[];
  };
  /** Parts that could not be collected, each a sentence. */
  gaps: string[];
  /** Present when the evidence is a Kubernetes Pod's. */
  kubernetes?: KubernetesFacts;
  /** Present when the evidence is a swarm task's (explain SERVICE). */
  swarm?: SwarmFacts;
}

/** Causes only a swarm has (the orchestrator's decisions about a service, not a container's end). */
export type SwarmCauseId = 'task-unschedulable' | 'update-failed';

export const swarmCauseIds: readonly SwarmCauseId[] = ['task-unschedulable', 'update-failed'];

/** One swarm task as the explanation cites it. */
export interface SwarmTaskFacts {
  id: string;
  /** `service.slot` (or `service.node` for a global service). */
  name: string;
  node?: string;
  state: string;
  desiredState: string;
  message: string;
  error: string;
  exitCode?: number;
  containerId?: string;
  createdAt: string;
  updatedAt: string;
}

/**
 * The task's facts in their order, and nothing else: from a task the engine listed (whose
 * node is an id, resolved by the caller) or from facts read back (explanationJson).
 */
export function swarmTaskFacts(t: Omit<SwarmTaskFacts, 'node'>, node?: string): SwarmTaskFacts {
  return {
    id: t.id,
    name: t.name,
    ...(node ? { node } : {}),
    state: t.state,
    desiredState: t.desiredState,
    message: t.message,
    error: t.error,
    ...(t.exitCode !== undefined ? { exitCode: t.exitCode } : {}),
    ...(t.containerId ? { containerId: t.containerId } : {}),
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
  };
}

/** What a swarm service adds to the evidence of its task (explain SERVICE). */
export interface SwarmFacts {
  service: { id: string; name: string; stack?: string; image: string };
  /** The task explained: the latest one that died, or one that cannot be scheduled. */
  task: SwarmTaskFacts;
  /** The other tasks of its slot (or node), newest first: swarm replaces a task, never restarts it. */
  history: SwarmTaskFacts[];
  restartPolicy: { condition: string; maxAttempts: number; delaySeconds: number };
  /** The rolling update, when one ran (UpdateStatus). */
  update?: { state: string; message: string; failureAction: string };
  placement: { constraints: string[] };
  reservations: { memoryBytes: number; nanoCpus: number };
  nodes: { hostname: string; state: string; availability: string; memoryBytes: number }[];
  /** What the task's own container shows (the container causes), for the swarm causes to cite. */
  taskCause?: { cause: CauseId; summary: string };
}

/** Causes only Kubernetes has (a kubelet's decisions, not a container's end). */
export type KubernetesCauseId = 'liveness-probe' | 'evicted' | 'image-pull' | 'create-config-error';

export const kubernetesCauseIds: readonly KubernetesCauseId[] = [
  'liveness-probe',
  'evicted',
  'image-pull',
  'create-config-error',
];

/** What a Pod adds to the evidence (explain --from a Pod or a List of the Pod and its Events). */
export interface KubernetesFacts {
  namespace: string;
  pod: string;
  container: string;
  node?: string;
  /** Pod status.reason / status.message (Evicted and its kubelet message). */
  podReason?: string;
  podMessage?: string;
  /** state.terminated (or lastState.terminated when it restarted) reason: OOMKilled, Error, Completed, … */
  terminatedReason?: string;
  terminatedMessage?: string;
  /** state.terminated.signal: the signal the runtime saw end the container, when it reports one. */
  terminatedSignal?: number;
  /** state.waiting: CrashLoopBackOff, ImagePullBackOff, CreateContainerConfigError, … */
  waitingReason?: string;
  waitingMessage?: string;
  /** metadata.deletionTimestamp and deletionGracePeriodSeconds: the pod is being deleted. */
  deletion?: { at: string; graceSeconds: number };
  livenessProbe?: { periodSeconds: number; failureThreshold: number; timeoutSeconds: number };
  /** The pod's events for this container (or the pod), oldest first. */
  events: { time: string; type: string; reason: string; message: string; count: number }[];
  /** Whether Events came with the Pod (a List), so their absence means something. */
  eventsGiven: boolean;
}

export type CauseId =
  | KubernetesCauseId
  | SwarmCauseId
  | 'oom-killed'
  | 'stop-timeout'
  | 'stopped'
  | 'killed'
  | 'sigkill-external'
  | 'daemon-restart'
  | 'signal'
  | 'command-not-found'
  | 'not-executable'
  | 'start-failed'
  | 'app-error'
  | 'completed'
  | 'running';

/** The causes a Docker engine shows (each reproduced by the lab). */
export const causeIds: readonly CauseId[] = [
  'oom-killed',
  'stop-timeout',
  'stopped',
  'killed',
  'sigkill-external',
  'daemon-restart',
  'signal',
  'command-not-found',
  'not-executable',
  'start-failed',
  'app-error',
  'completed',
  'running',
];

export type Confidence = 'high' | 'medium' | 'low';

/** Where in the image's Dockerfile a fix applies; adapters resolve it to a file and line. */
export type DockerfileAnchor = 'command' | 'healthcheck' | 'stopsignal';

export interface FixLocation {
  file: string;
  /** 1-based, as editors and tickets show it. */
  line: number;
}

export interface ExplainFix {
  title: string;
  detail: string;
  location?: FixLocation;
  /** Not part of the JSON contract: which Dockerfile instruction the fix is about. */
  anchor?: DockerfileAnchor;
}

export interface Explanation {
  container: { id: string; name: string; image: string };
  /** Present when a swarm service was explained: the service and the task its container ran. */
  service?: { id: string; name: string; stack?: string; task: SwarmTaskFacts };
  cause: CauseId;
  confidence: Confidence;
  summary: string;
  exitCode: number;
  restartCount: number;
  evidence: { source: string; detail: string }[];
  timeline: { time: string; event: string }[];
  fixes: ExplainFix[];
}
