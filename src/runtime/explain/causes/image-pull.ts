// Kubernetes only: the container never ran because its image could not be pulled
// (ErrImagePull, ImagePullBackOff, InvalidImageName): a name, a tag, a registry or its credentials.
import type { CauseDetector } from './detector';

const REASONS = ['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'ErrImageNeverPull'];

export const imagePull: CauseDetector = {
  id: 'image-pull',
  why: 'The container never ran: its image could not be pulled (a wrong name or tag, a registry, missing credentials).',
  docs: 'docs/causes/image-pull.md',
  detect(run) {
    const k = run.evidence.kubernetes;
    if (!k?.waitingReason || !REASONS.includes(k.waitingReason)) return undefined;
    const pulls = k.events.filter((e) => e.reason === 'Failed' && /pull/i.test(e.message));
    const why = pulls.at(-1)?.message ?? k.waitingMessage ?? '';
    return {
      confidence: 'high',
      summary: `The container never ran: the kubelet could not pull its image \`${run.evidence.container.image}\` (${k.waitingReason})${why ? `: ${why}` : ''}.`,
      evidence: [
        ...run.base,
        ...pulls.map((e) => ({ source: 'events', detail: `${e.time} ${e.reason}: ${e.message}` })),
      ],
      fixes: [
        {
          title: 'Check the image reference and the pull credentials',
          detail:
            '`not found` means the repository or tag does not exist; `unauthorized`/`denied` means the pod needs `imagePullSecrets` (or the node credentials); a timeout means the node cannot reach the registry.',
        },
      ],
    };
  },
};
