// heap-ignores-container-limit: -XX:-UseContainerSupport in the command or in a JVM options
// variable. The JVM then sizes its heap from the host's memory: measured 6028 MiB of heap
// under a 256 MiB limit, and exit 137 with nothing in the log (docs/measurements-memory.md).
import { hitRange, jvmFlagHits } from './flags';
import { meta, type DockerfileRule } from './rule';

const containerSupportOff = /^-XX:-UseContainerSupport$/;

export const heapIgnoresContainerLimit: DockerfileRule = {
  meta: meta({
    id: 'heap-ignores-container-limit',
    appliesTo: 'dockerfile',
    description:
      "`-XX:-UseContainerSupport`: the JVM sizes its heap from the host's memory, not the container's limit",
    defaultSeverity: 'warning',
    title: "JVM container support turned off: the heap ignores the container's memory limit",
    why: "With -XX:-UseContainerSupport the JVM sizes its heap from the host's memory (measured: 6028 MiB under a 256 MiB limit), so the cgroup kills it (137) before any heap error.",
    fixable: true,
  }),
  check(ctx) {
    const rt = ctx.runtime;
    if (!rt) return;
    for (const h of jvmFlagHits(rt, (t) => containerSupportOff.test(t))) {
      const range = hitRange(ctx.model, h);
      ctx.report({
        message:
          `${h.token} makes the JVM size its heap from the host's memory instead of the ` +
          "container's limit: measured, 6028 MiB of heap under a 256 MiB limit, then exit 137 " +
          'with nothing in the log (docs/measurements-memory.md). Container support is on by ' +
          'default since JDK 10 and 8u191.',
        range,
        fixes: [
          {
            title: 'Turn container support back on (-XX:+UseContainerSupport)',
            preferred: true,
            edits: [{ path: ctx.path, range, newText: '-XX:+UseContainerSupport' }],
          },
        ],
      });
    }
  },
};
