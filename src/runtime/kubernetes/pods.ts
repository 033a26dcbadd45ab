// Pods of chosen namespaces as the Containers view shows them: each container with its
// restarts, its last termination and badges. podView() is pure (plain Pod JSON in the shape
// of the core/v1 API); listPods() asks the API server through the session.
import type { KubernetesSession } from './session';
import { apiErrorMessage } from './session';
import { isObject, num, obj, str, type Json } from '../json-fields';

export interface PodTermination {
  reason: string;
  exitCode: number;
  signal?: number;
  finishedAt: string;
  message?: string;
}

export interface PodContainerView {
  name: string;
  image: string;
  ready: boolean;
  restarts: number;
  state: 'running' | 'waiting' | 'terminated' | 'unknown';
  /** waiting.reason or terminated.reason (CrashLoopBackOff, ImagePullBackOff, OOMKilled, …). */
  stateReason?: string;
  /** state.terminated, else lastState.terminated: the termination Explain Exit explains. */
  lastTermination?: PodTermination;
  /** resources.limits.memory as written (512Mi), when set. */
  memoryLimit?: string;
  /** spec command/args: they replace the image's ENTRYPOINT/CMD when set. */
  command?: string[];
  args?: string[];
  badges: string[];
}

export interface PodView {
  namespace: string;
  name: string;
  uid: string;
  phase: string;
  /** status.reason: Evicted, NodeLost, … */
  reason?: string;
  node?: string;
  deleting: boolean;
  containers: PodContainerView[];
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

function termination(t: Json): PodTermination | undefined {
  if (!Object.keys(t).length) return undefined;
  return {
    reason: str(t.reason) || 'Terminated',
    exitCode: num(t.exitCode) ?? 0,
    ...(num(t.signal) !== undefined ? { signal: num(t.signal) } : {}),
    finishedAt: str(t.finishedAt),
    ...(str(t.message) ? { message: str(t.message) } : {}),
  };
}

const record = (v: unknown): Record<string, string> =>
  Object.fromEntries(Object.entries(obj(v)).filter(([, x]) => typeof x === 'string')) as Record<
    string,
    string
  >;

/** Badges: what a glance at the tree should catch. */
function badgesOf(c: Omit<PodContainerView, 'badges'>, podReason: string | undefined): string[] {
  const out: string[] = [];
  if (podReason === 'Evicted') out.push('evicted');
  if (c.stateReason === 'CrashLoopBackOff') out.push('crash-looping');
  if (c.stateReason === 'ImagePullBackOff' || c.stateReason === 'ErrImagePull')
    out.push('image pull failing');
  if (c.stateReason === 'CreateContainerConfigError') out.push('config error');
  if (c.lastTermination?.reason === 'OOMKilled') out.push('OOMKilled');
  else if (c.lastTermination && c.lastTermination.exitCode !== 0)
    out.push(`exit ${c.lastTermination.exitCode}`);
  if (c.restarts > 0) out.push(`${c.restarts} restart${c.restarts === 1 ? '' : 's'}`);
  if (!c.memoryLimit) out.push('no memory limit');
  return out;
}

/** One Pod (core/v1 JSON) as the view shows it. */
export function podView(pod: unknown): PodView {
  const p = obj(pod);
  const meta = obj(p.metadata);
  const spec = obj(p.spec);
  const status = obj(p.status);
  const specs = (Array.isArray(spec.containers) ? spec.containers : []).filter(isObject);
  const statuses = (Array.isArray(status.containerStatuses) ? status.containerStatuses : []).filter(
    isObject,
  );
  const podReason = str(status.reason) || undefined;
  const containers = specs.map((cs): PodContainerView => {
    const s = statuses.find((x) => x.name === cs.name) ?? {};
    const state = obj(s.state);
    const kind = isObject(state.running)
      ? 'running'
      : isObject(state.waiting)
        ? 'waiting'
        : isObject(state.terminated)
          ? 'terminated'
          : 'unknown';
    const term = isObject(state.terminated)
      ? obj(state.terminated)
      : obj(obj(s.lastState).terminated);
    const limit = str(obj(obj(cs.resources).limits).memory);
    const view = {
      name: str(cs.name),
      image: str(s.image) || str(cs.image),
      ready: s.ready === true,
      restarts: num(s.restartCount) ?? 0,
      state: kind,
      ...(str(obj(state.waiting).reason) || str(obj(state.terminated).reason)
        ? { stateReason: str(obj(state.waiting).reason) || str(obj(state.terminated).reason) }
        : {}),
      ...(termination(term) ? { lastTermination: termination(term) } : {}),
      ...(limit ? { memoryLimit: limit } : {}),
      ...(Array.isArray(cs.command) ? { command: cs.command.map(str) } : {}),
      ...(Array.isArray(cs.args) ? { args: cs.args.map(str) } : {}),
    } as Omit<PodContainerView, 'badges'>;
    return { ...view, badges: badgesOf(view, podReason) };
  });
  return {
    namespace: str(meta.namespace) || 'default',
    name: str(meta.name),
    uid: str(meta.uid),
    phase: str(status.phase) || 'Unknown',
    ...(podReason ? { reason: podReason } : {}),
    ...(str(spec.nodeName) ? { node: str(spec.nodeName) } : {}),
    deleting: !!str(meta.deletionTimestamp),
    containers,
    labels: record(meta.labels),
    annotations: record(meta.annotations),
  };
}

/**
 * The client hands back typed objects (times as Date); the explain code reads the API's JSON.
 * JSON.stringify gives it back: Dates become RFC 3339 strings, fields keep their API names.
 */
export function plainJson(v: unknown): Json {
  return JSON.parse(JSON.stringify(v ?? {})) as Json;
}

export type PodsResult =
  | { kind: 'ok'; pods: PodView[]; failures: { namespace: string; message: string }[] }
  | { kind: 'unreachable'; message: string };

/** The pods of each namespace (one list request each), sorted by namespace and name. */
export async function listPods(
  session: KubernetesSession,
  namespaces: readonly string[],
): Promise<PodsResult> {
  const pods: PodView[] = [];
  const failures: { namespace: string; message: string }[] = [];
  type One =
    | { namespace: string; items: PodView[] }
    | { namespace: string; error: { status?: number; message: string } };
  const results = await Promise.all(
    namespaces.map(async (namespace): Promise<One> => {
      try {
        const list = await session.core.listNamespacedPod({ namespace });
        return { namespace, items: list.items.map((p) => podView(plainJson(p))) };
      } catch (err) {
        return { namespace, error: apiErrorMessage(err) };
      }
    }),
  );
  for (const r of results) {
    if ('items' in r) pods.push(...r.items);
    else failures.push({ namespace: r.namespace, message: r.error.message });
  }
  if (!pods.length && results.length && results.every((r) => 'error' in r && !r.error.status))
    return { kind: 'unreachable', message: failures[0].message };
  pods.sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
  return { kind: 'ok', pods, failures };
}
