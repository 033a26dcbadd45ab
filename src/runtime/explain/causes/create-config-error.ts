// Kubernetes only: the kubelet could not create the container from its configuration
// (CreateContainerConfigError: a Secret or ConfigMap it references is missing, …).
import type { CauseDetector } from './detector';

const REASONS = ['CreateContainerConfigError', 'CreateContainerError'];

export const createConfigError: CauseDetector = {
  id: 'create-config-error',
  why: 'The container was never created: its configuration refers to something missing (a Secret, a ConfigMap, a key in them).',
  docs: 'docs/causes/create-config-error.md',
  detect(run) {
    const k = run.evidence.kubernetes;
    if (!k?.waitingReason || !REASONS.includes(k.waitingReason)) return undefined;
    const message = k.waitingMessage ?? '';
    const missing = /(secret|configmap) "([^"]+)" not found/i.exec(message);
    return {
      confidence: 'high',
      summary: `The container was never created (${k.waitingReason})${message ? `: ${message}` : ''}.`,
      evidence: [...run.base],
      fixes: [
        missing
          ? {
              title: `Create the ${missing[1]} or fix its name`,
              detail: `\`kubectl -n ${k.namespace} get ${missing[1].toLowerCase()} ${missing[2]}\`; the pod references it in env/envFrom or a volume.`,
            }
          : {
              title: 'Fix what the kubelet reports',
              detail: message || 'kubectl describe pod shows the message.',
            },
      ],
    };
  },
};
