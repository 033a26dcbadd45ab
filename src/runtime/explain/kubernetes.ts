// A Kubernetes Pod (`kubectl get pod NAME -o json`) or a List holding the Pod and its
// Events (`kubectl get pod,events -o json`) → the evidence the classifier reads. The
// container's termination (state.terminated, or lastState.terminated after a restart) maps
// onto the Docker state; what only Kubernetes has (waiting reasons, eviction, deletion,
// probe events) is kept in `kubernetes` for its own detectors. Pure; bad input is a value.
import type { ExplainEvidence, KubernetesFacts } from './types';
import { isObject, num, obj, str, type Json } from '../json-fields';

const ZERO_TIME = '0001-01-01T00:00:00Z';

/** Kubernetes' "not started" time in StartError terminations is the Unix epoch. */
const time = (v: unknown): string => {
  const t = str(v);
  return !t || t.startsWith('1970-01-01T00:00:00') ? ZERO_TIME : t;
};

const UNITS: Record<string, number> = {
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
  Ti: 1024 ** 4,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  '': 1,
};

/** A resource quantity ("512Mi", "1G", "1073741824") in bytes; 0 when absent or unreadable. */
export function quantityBytes(q: unknown): number {
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(str(q).trim());
  return m ? Math.round(Number(m[1]) * UNITS[m[2] ?? '']) : 0;
}

export type KubernetesResult =
  { kind: 'ok'; evidence: ExplainEvidence } | { kind: 'invalid'; message: string };

export function isKubernetesObject(v: unknown): boolean {
  return isObject(v) && (v.kind === 'Pod' || v.kind === 'List' || v.kind === 'PodList');
}

function splitList(v: Json, name: string): { pod?: Json; events: Json[]; error?: string } {
  if (v.kind === 'Pod') return { pod: v, events: [] };
  const items = Array.isArray(v.items) ? v.items.filter(isObject) : [];
  const pods = items.filter((i) => i.kind === 'Pod' || (v.kind === 'PodList' && !i.kind));
  if (pods.length !== 1)
    return {
      events: [],
      error: `${name} holds ${pods.length} Pods: give one Pod (kubectl get pod NAME -o json) or a List of one Pod and its Events`,
    };
  const podName = str(obj(pods[0].metadata).name);
  const events = items.filter(
    (i) => i.kind === 'Event' && str(obj(i.involvedObject).name) === podName,
  );
  return { pod: pods[0], events };
}

function pickStatus(pod: Json, wanted: string | undefined, name: string): Json | string {
  const statuses = Array.isArray(obj(pod.status).containerStatuses)
    ? (obj(pod.status).containerStatuses as unknown[]).filter(isObject)
    : [];
  const names = statuses.map((s) => str(s.name));
  if (!statuses.length) return `${name}: the Pod has no containerStatuses yet (not scheduled?)`;
  if (wanted) {
    const hit = statuses.find((s) => s.name === wanted);
    return hit ?? `${name}: the Pod has no container '${wanted}' (it has ${names.join(', ')})`;
  }
  if (statuses.length === 1) return statuses[0];
  return `${name}: the Pod has ${statuses.length} containers (${names.join(', ')}): choose one with --container NAME`;
}

function eventsFor(events: Json[], container: string): KubernetesFacts['events'] {
  return events
    .filter((e) => {
      const field = str(obj(e.involvedObject).fieldPath);
      return !field || field === `spec.containers{${container}}`;
    })
    .map((e) => ({
      time: str(e.lastTimestamp) || str(e.eventTime) || str(e.firstTimestamp),
      type: str(e.type),
      reason: str(e.reason),
      message: str(e.message),
      count: num(e.count) ?? 1,
    }))
    .filter((e) => e.time)
    .sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
}

function facts(
  pod: Json,
  status: Json,
  spec: Json,
  events: KubernetesFacts['events'],
  eventsGiven: boolean,
): KubernetesFacts {
  const meta = obj(pod.metadata);
  const st = obj(pod.status);
  const terminated = obj(obj(status.state).terminated);
  const last = isObject(obj(status.state).terminated)
    ? terminated
    : obj(obj(status.lastState).terminated);
  const waiting = obj(obj(status.state).waiting);
  const probe = obj(spec.livenessProbe);
  const grace = num(meta.deletionGracePeriodSeconds);
  return {
    namespace: str(meta.namespace) || 'default',
    pod: str(meta.name),
    container: str(status.name),
    ...(str(obj(pod.spec).nodeName) ? { node: str(obj(pod.spec).nodeName) } : {}),
    ...(str(st.reason) ? { podReason: str(st.reason), podMessage: str(st.message) } : {}),
    ...(str(last.reason)
      ? { terminatedReason: str(last.reason), terminatedMessage: str(last.message) }
      : {}),
    ...(num(last.signal) ? { terminatedSignal: num(last.signal) } : {}),
    ...(str(waiting.reason)
      ? { waitingReason: str(waiting.reason), waitingMessage: str(waiting.message) }
      : {}),
    ...(str(meta.deletionTimestamp)
      ? { deletion: { at: str(meta.deletionTimestamp), graceSeconds: grace ?? 30 } }
      : {}),
    ...(isObject(spec.livenessProbe)
      ? {
          livenessProbe: {
            periodSeconds: num(probe.periodSeconds) ?? 10,
            failureThreshold: num(probe.failureThreshold) ?? 3,
            timeoutSeconds: num(probe.timeoutSeconds) ?? 1,
          },
        }
      : {}),
    events,
    eventsGiven,
  };
}

function stateOf(status: Json): ExplainEvidence['state'] {
  const state = obj(status.state);
  const running = isObject(state.running);
  const term = isObject(state.terminated)
    ? obj(state.terminated)
    : obj(obj(status.lastState).terminated);
  const hasTerm = Object.keys(term).length > 0;
  const reason = str(term.reason);
  const cannotRun = reason === 'ContainerCannotRun' || reason === 'StartError';
  const waiting = str(obj(state.waiting).reason);
  return {
    status: running
      ? 'running'
      : isObject(state.terminated)
        ? 'exited'
        : waiting
          ? 'waiting'
          : 'unknown',
    running: running || (!!waiting && hasTerm),
    // Running again or waiting to (CrashLoopBackOff) after a termination: the termination
    // (lastState) is what is explained, as Docker's restarting state is.
    restarting: hasTerm && (running || !!waiting),
    paused: false,
    dead: false,
    oomKilled: reason === 'OOMKilled',
    pid: 0,
    exitCode: num(term.exitCode) ?? 0,
    error: cannotRun ? str(term.message) : '',
    startedAt: running && !hasTerm ? time(obj(state.running).startedAt) : time(term.startedAt),
    finishedAt: hasTerm ? time(term.finishedAt) : ZERO_TIME,
  };
}

function evidenceOf(
  pod: Json,
  status: Json,
  events: Json[],
  eventsGiven: boolean,
): ExplainEvidence {
  const spec = obj(pod.spec);
  const containers = Array.isArray(spec.containers) ? spec.containers.filter(isObject) : [];
  const cspec = containers.find((c) => c.name === status.name) ?? {};
  const command = Array.isArray(cspec.command) ? cspec.command.map(str) : [];
  const args = Array.isArray(cspec.args) ? cspec.args.map(str) : [];
  const argv = [...command, ...args];
  const limits = obj(obj(cspec.resources).limits);
  const meta = obj(pod.metadata);
  const policy = str(spec.restartPolicy) || 'Always';
  const k8s = facts(pod, status, cspec, eventsFor(events, str(status.name)), eventsGiven);
  const state = stateOf(status);
  const gaps = [
    'the node: its kernel log and container runtime were not read; a SIGKILL of unknown origin cannot be traced further',
  ];
  if (!eventsGiven)
    gaps.push(
      "the events: not given (a Pod without its Events); liveness-probe kills and the kubelet's decisions cannot be seen. Capture them with `kubectl get pod,events -o json` (events live about an hour)",
    );
  return {
    schema: 1,
    collectedAt: state.finishedAt !== ZERO_TIME ? state.finishedAt : str(meta.creationTimestamp),
    engine: { local: false, daemonStartSource: 'unknown' },
    container: {
      id: str(status.containerID).replace(/^[a-z]+:\/\//, ''),
      name: `${k8s.pod}/${k8s.container}`,
      image: str(status.image) || str(cspec.image),
      imageId: str(status.imageID),
      created: str(meta.creationTimestamp),
      path: argv[0] ?? '',
      args: argv.slice(1),
    },
    state,
    restartCount: num(status.restartCount) ?? 0,
    restartPolicy: { name: policy, maximumRetryCount: 0 },
    hostConfig: {
      memory: quantityBytes(limits.memory),
      memorySwap: 0,
      pidsLimit: null,
      init: null,
      autoRemove: false,
      portBindings: [],
    },
    config: {
      entrypoint: command.length ? command : null,
      cmd: args.length ? args : null,
      user: '',
      workingDir: str(cspec.workingDir),
      tty: false,
      env: {},
    },
    image: null,
    events: {
      since: str(meta.creationTimestamp),
      until: state.finishedAt,
      items: [],
      given: false,
    },
    logs: { tail: 0, bytesRead: 0, lines: [] },
    kernel: { status: 'not-captured', oomLines: [] },
    gaps,
    kubernetes: k8s,
  };
}

/** A Pod, or a List of the Pod and its Events, → evidence for one of its containers. */
export function kubernetesEvidence(
  value: unknown,
  name: string,
  container?: string,
): KubernetesResult {
  if (!isObject(value)) return { kind: 'invalid', message: `${name} is not a Kubernetes object` };
  const { pod, events, error } = splitList(value, name);
  if (!pod) return { kind: 'invalid', message: error ?? `${name} holds no Pod` };
  if (!isObject(pod.status) || !isObject(pod.metadata))
    return {
      kind: 'invalid',
      message: `${name}: the Pod has no status or metadata (kubectl get pod NAME -o json prints both)`,
    };
  const status = pickStatus(pod, container, name);
  if (typeof status === 'string') return { kind: 'invalid', message: status };
  return { kind: 'ok', evidence: evidenceOf(pod, status, events, value.kind !== 'Pod') };
}
