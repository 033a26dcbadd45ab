// Node's heap pinned with --max-old-space-size (NODE_OPTIONS or the command): the container
// then needs a memory limit that matches it, which a Dockerfile cannot set (docs/measurements-memory.md:
// without a limit a leak competes with the host, docs/rules/compose-no-memory-limit.md).
import { nodeHeapFlag } from '../knowledge/jvm-flags';
import { hitRange, nodeFlagHits } from './flags';
import { meta, type DockerfileRule } from './rule';

export const nodeHeapWithoutLimit: DockerfileRule = {
  meta: meta({
    id: 'node-heap-without-limit',
    appliesTo: 'dockerfile',
    description:
      '`--max-old-space-size` pinned by hand: the container needs a matching memory limit',
    defaultSeverity: 'info',
    title: 'Node heap pinned: the container needs a matching memory limit',
    why: 'Recent Node sizes its heap from the cgroup memory limit, but a pinned --max-old-space-size ignores it; without a container limit a leak competes with the host.',
    fixable: false,
  }),
  check(ctx) {
    const rt = ctx.runtime;
    if (!rt) return;
    for (const h of nodeFlagHits(rt, (t) => nodeHeapFlag.test(t))) {
      const mb = nodeHeapFlag.exec(h.token)?.[2];
      ctx.report({
        message: `${h.token} pins Node's heap${mb ? ` at ${mb} MB` : ''}: run the container with a memory limit above it (\`docker run -m\`, compose \`mem_limit\` / \`deploy.resources.limits.memory\`), or drop the flag and let Node size the heap from the limit.`,
        range: hitRange(ctx.model, h),
      });
    }
  },
};
