// Kubernetes only: the kubelet evicted the pod because its node ran short of a resource
// (memory, ephemeral-storage, PIDs); the pod's status.reason is Evicted with the kubelet's message.
import type { CauseDetector } from './detector';

export const evicted: CauseDetector = {
  id: 'evicted',
  why: 'The kubelet evicted the pod because its node ran short of memory, disk or PIDs.',
  docs: 'docs/causes/evicted.md',
  detect(run) {
    const k = run.evidence.kubernetes;
    if (k?.podReason !== 'Evicted') return undefined;
    const message = k.podMessage ?? '';
    const resource = /low on resource: ([\w-]+)/.exec(message)?.[1];
    const usage =
      /Container (\S+) was using (\S+), (?:which exceeds its request of|request is) (\S+)/.exec(
        message,
      );
    return {
      confidence: 'high',
      summary: `The kubelet evicted the pod${k.node ? ` from node ${k.node}` : ''}: the node was low on ${resource ?? 'a resource'}${
        usage
          ? `, and container ${usage[1]} used ${usage[2]} against a request of ${usage[3].replace(/[.,]$/, '')}`
          : ''
      }.`,
      evidence: [
        ...run.base,
        { source: 'kubernetes', detail: `status.reason Evicted: "${message.trim()}"` },
      ],
      fixes: [
        resource === 'ephemeral-storage'
          ? {
              title: 'Bound what it writes to the node',
              detail:
                'Set `resources.requests/limits.ephemeral-storage`, a `sizeLimit` on emptyDir volumes, and log to stdout rather than to files in the container.',
            }
          : {
              title: 'Request what it uses',
              detail: `Pods using more ${resource ?? 'of the resource'} than they request are evicted first: set \`resources.requests.${resource === 'memory' || !resource ? 'memory' : resource}\` near its real usage (and a limit), so the scheduler places it where it fits.`,
            },
      ],
    };
  },
};
