// Explain Exit on a live pod container: the Pod, its Events (fieldSelector involvedObject.uid,
// as `kubectl describe` reads them) and the log tail of the run that ended (`previous`), read
// through the API and handed to the same Kubernetes evidence reader and classifier as
// `explain --from` a captured List. Read-only: GET requests only.
import { classify } from '../explain/classify';
import { parseLogTail } from '../explain/captured';
import { kubernetesEvidence } from '../explain/kubernetes';
import type { ExplainEvidence, Explanation } from '../explain/types';
import { plainJson } from './pods';
import { apiErrorMessage, type KubernetesSession } from './session';
import { obj, type Json } from '../json-fields';

export interface PodRef {
  namespace: string;
  pod: string;
  /** Required when the pod has several containers. */
  container?: string;
}

export type PodExplainResult =
  | { kind: 'ok'; explanation: Explanation; evidence: ExplainEvidence }
  | { kind: 'not-found' | 'invalid' | 'unreachable'; message: string };

/** Which log to read: the run that ended (previous) after a restart, the current one when it has ended. */
function logChoice(pod: Json, container: string): 'previous' | 'current' | undefined {
  const statuses = obj(pod.status).containerStatuses;
  const s = (Array.isArray(statuses) ? statuses : []).map(obj).find((x) => x.name === container);
  if (!s) return undefined;
  if (Object.keys(obj(obj(s.state).terminated)).length) return 'current';
  if (Object.keys(obj(obj(s.lastState).terminated)).length) return 'previous';
  return Object.keys(obj(obj(s.state).running)).length ? 'current' : undefined;
}

export async function explainPod(
  session: KubernetesSession,
  ref: PodRef,
  options: { logTail?: number } = {},
): Promise<PodExplainResult> {
  const tail = options.logTail ?? 50;
  let pod: Json;
  try {
    pod = plainJson(
      await session.core.readNamespacedPod({ name: ref.pod, namespace: ref.namespace }),
    );
  } catch (err) {
    const e = apiErrorMessage(err);
    if (e.status === 404)
      return {
        kind: 'not-found',
        message: `no pod '${ref.pod}' in namespace '${ref.namespace}' (context ${session.context})`,
      };
    return { kind: e.status ? 'invalid' : 'unreachable', message: e.message };
  }
  pod.kind = 'Pod';
  const name = `pod/${ref.pod}`;
  // Choose the container first (the same rules and messages as explain --from).
  const chosen = kubernetesEvidence(pod, name, ref.container);
  if (chosen.kind !== 'ok') return chosen;
  const container = chosen.evidence.kubernetes?.container ?? '';
  const gaps: string[] = [];
  let events: Json[] = [];
  try {
    const list = await session.core.listNamespacedEvent({
      namespace: ref.namespace,
      fieldSelector: `involvedObject.uid=${String(obj(pod.metadata).uid)}`,
    });
    events = list.items.map((e) => ({ ...plainJson(e), kind: 'Event' }));
  } catch (err) {
    gaps.push(`the events: ${apiErrorMessage(err).message}`);
  }
  const withEvents = kubernetesEvidence({ kind: 'List', items: [pod, ...events] }, name, container);
  if (withEvents.kind !== 'ok') return withEvents;
  const evidence = withEvents.evidence;
  const which = logChoice(pod, container);
  if (which) {
    try {
      const text = await session.core.readNamespacedPodLog({
        name: ref.pod,
        namespace: ref.namespace,
        container,
        previous: which === 'previous',
        tailLines: tail,
        timestamps: true,
      });
      const lines = parseLogTail(typeof text === 'string' ? text : '');
      evidence.logs = { tail, bytesRead: Buffer.byteLength(String(text ?? '')), lines };
    } catch (err) {
      gaps.push(
        `the logs${which === 'previous' ? ' of the previous run' : ''}: ${apiErrorMessage(err).message}`,
      );
    }
  } else gaps.push('the logs: the container has not run yet (nothing to read)');
  if (events.length === 0 && !gaps.some((g) => g.startsWith('the events')))
    gaps.push(
      'the events: the API server holds none for this pod (they are kept about an hour): liveness-probe kills and evictions older than that cannot be seen',
    );
  evidence.gaps = [...evidence.gaps, ...gaps];
  evidence.collectedAt = new Date().toISOString();
  return { kind: 'ok', explanation: classify(evidence), evidence };
}
