// The process tree of a pod container, only when the user asks: an ephemeral container
// that shares the target's process namespace (targetContainerName, as `kubectl debug
// --target` adds one: a strategic merge patch of the pod's ephemeralcontainers subresource)
// runs the same constant /proc reader as the Docker exec reader, prints, and exits; its log
// is the process list. Nothing is exec'd in the user's container. Ephemeral containers
// cannot be removed from a pod: the exited one stays in its spec until the pod is deleted.
import { randomBytes } from 'node:crypto';
import { EXEC_SCRIPT } from '../processes/sources';
import { entriesFromExecOutput, rowsFromProcEntries } from '../processes/parse';
import { buildProcessTree, summarizeZombies, type ProcessTreeNode } from '../processes/tree';
import type { ProcessRow, ZombieSummary } from '../processes/types';
import { loadKubernetesClient } from './load-client';
import { plainJson } from './pods';
import { apiErrorMessage, type KubernetesSession } from './session';
import { obj, type Json } from '../json-fields';

/** A small image with a POSIX sh, cat and tr (the reader needs nothing else). */
export const DEFAULT_DEBUG_IMAGE = 'busybox:1.36';

export const EPHEMERAL_WARNING =
  'An ephemeral container cannot be removed from a pod: it stays in the pod spec (exited, using no CPU or memory) until the pod is deleted or replaced.';

export interface PodProcesses {
  /** The ephemeral container that read /proc. */
  debugContainer: string;
  processes: ProcessRow[];
  tree: ProcessTreeNode[];
  zombies: ZombieSummary;
  pid1: { pid: number; command: string } | undefined;
  warning: string;
}

export type PodProcessesResult =
  | { kind: 'ok'; value: PodProcesses }
  | { kind: 'not-found' | 'not-running' | 'failed'; message: string };

export interface PodProcessOptions {
  namespace: string;
  pod: string;
  container: string;
  image?: string;
  /** How long to wait for the reader to run and exit (default 60 s: the image may be pulled). */
  timeoutMs?: number;
  pollMs?: number;
}

/** The strategic merge patch that adds the reader (what `kubectl debug --target` sends). */
export function ephemeralReaderPatch(name: string, target: string, image: string): unknown {
  return {
    spec: {
      ephemeralContainers: [
        {
          name,
          image,
          command: ['sh', '-c', EXEC_SCRIPT],
          targetContainerName: target,
          stdin: false,
          tty: false,
          terminationMessagePolicy: 'File',
        },
      ],
    },
  };
}

function ephemeralState(pod: Json, name: string): Json {
  const list = obj(pod.status).ephemeralContainerStatuses;
  const s = (Array.isArray(list) ? list : []).map(obj).find((x) => x.name === name);
  return obj(s?.state);
}

export async function podProcessTree(
  session: KubernetesSession,
  o: PodProcessOptions,
): Promise<PodProcessesResult> {
  const k8s = await loadKubernetesClient();
  const { namespace, pod: name, container } = o;
  let pod: Json;
  try {
    pod = plainJson(await session.core.readNamespacedPod({ name, namespace }));
  } catch (err) {
    const e = apiErrorMessage(err);
    return { kind: e.status === 404 ? 'not-found' : 'failed', message: e.message };
  }
  const statuses = obj(pod.status).containerStatuses;
  const status = (Array.isArray(statuses) ? statuses : [])
    .map(obj)
    .find((s) => s.name === container);
  if (!status) return { kind: 'not-found', message: `pod ${name} has no container '${container}'` };
  if (!Object.keys(obj(obj(status.state).running)).length)
    return {
      kind: 'not-running',
      message: `container ${container} of pod ${name} is not running: there are no processes to list`,
    };
  const debugName = `cdoc-ps-${randomBytes(3).toString('hex')}`;
  try {
    await session.core.patchNamespacedPodEphemeralcontainers(
      {
        name,
        namespace,
        body: ephemeralReaderPatch(debugName, container, o.image ?? DEFAULT_DEBUG_IMAGE),
      },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.StrategicMergePatch),
    );
  } catch (err) {
    return {
      kind: 'failed',
      message: `adding the ephemeral container: ${apiErrorMessage(err).message}`,
    };
  }
  const deadline = Date.now() + (o.timeoutMs ?? 60_000);
  for (;;) {
    let state: Json;
    try {
      state = ephemeralState(
        plainJson(await session.core.readNamespacedPod({ name, namespace })),
        debugName,
      );
    } catch (err) {
      return { kind: 'failed', message: apiErrorMessage(err).message };
    }
    if (Object.keys(obj(state.terminated)).length) break;
    const waiting = obj(state.waiting);
    if (/ErrImagePull|ImagePullBackOff|InvalidImageName/.test(String(waiting.reason ?? '')))
      return {
        kind: 'failed',
        message: `the ephemeral container ${debugName} cannot pull its image: ${String(waiting.message ?? waiting.reason)}. ${EPHEMERAL_WARNING}`,
      };
    if (Date.now() > deadline)
      return {
        kind: 'failed',
        message: `the ephemeral container ${debugName} did not finish in time. ${EPHEMERAL_WARNING}`,
      };
    await new Promise((r) => setTimeout(r, o.pollMs ?? 1000));
  }
  let output: string;
  try {
    output = String(
      await session.core.readNamespacedPodLog({ name, namespace, container: debugName }),
    );
  } catch (err) {
    return {
      kind: 'failed',
      message: `reading ${debugName}'s output: ${apiErrorMessage(err).message}`,
    };
  }
  const processes = rowsFromProcEntries(entriesFromExecOutput(output), { readerIsHost: false });
  const first = processes.find((p) => p.pid === 1);
  return {
    kind: 'ok',
    value: {
      debugContainer: debugName,
      processes,
      tree: buildProcessTree(processes, first?.pid),
      zombies: summarizeZombies(processes),
      pid1: first ? { pid: first.pid, command: first.command } : undefined,
      warning: `${debugName} stays in pod ${name}. ${EPHEMERAL_WARNING}`,
    },
  };
}
