// JVM heap fixed with -Xmx where a container-relative -XX:MaxRAMPercentage serves: the
// heap does not follow the container limit (docs/measurements-memory.md), so a limit below it ends in an
// OOM kill, and a larger limit is wasted.
import { containerRelativeHeapFlag, fixedHeapFlag } from '../knowledge/jvm-flags';
import { hitRange, jvmFlagHits, jvmVersionOf, removeTokenEdit } from './flags';
import { meta, type DockerfileRule } from './rule';
import type { Fix } from '../types';

export const jvmFixedHeap: DockerfileRule = {
  meta: meta({
    id: 'jvm-fixed-heap',
    appliesTo: 'dockerfile',
    description: '`-Xmx` where a container-relative `-XX:MaxRAMPercentage` serves',
    defaultSeverity: 'info',
    title: 'JVM heap fixed with -Xmx',
    why: "`-Xmx` fixes the heap whatever the container's memory limit; container-aware JVMs (8u191+, 10+) size it from the limit with -XX:MaxRAMPercentage.",
    fixable: true,
  }),
  check(ctx) {
    const rt = ctx.runtime;
    if (!rt) return;
    const hits = jvmFlagHits(rt, (t) => fixedHeapFlag.test(t));
    if (hits.length === 0) return;
    const v = jvmVersionOf(rt.command.rootImage);
    const containerAware =
      !v ||
      v.major >= 10 ||
      (v.major === 8 && (v.update === null || v.update >= 191)) ||
      v.major === 9;
    for (const h of hits) {
      const fixes: Fix[] = [];
      if (containerAware) {
        const already = h.ins.args.includes('MaxRAMPercentage');
        fixes.push(
          already
            ? {
                title: `Remove ${h.token} (MaxRAMPercentage is set)`,
                preferred: true,
                edits: [removeTokenEdit(ctx.path, ctx.model, h)],
              }
            : {
                title: `Replace ${h.token} with ${containerRelativeHeapFlag}`,
                preferred: true,
                edits: [
                  {
                    path: ctx.path,
                    range: hitRange(ctx.model, h),
                    newText: containerRelativeHeapFlag,
                  },
                ],
              },
        );
      }
      ctx.report({
        message: `${h.token} fixes the JVM heap whatever the container's memory limit: below it the container is OOM-killed (exit 137), above it memory is wasted. ${
          containerAware
            ? `${containerRelativeHeapFlag} sizes the heap from the limit (JDK 8u191+, 10+).`
            : `This JDK (${rt.command.rootImage}) predates container support (8u191): upgrade to use -XX:MaxRAMPercentage.`
        }`,
        range: hitRange(ctx.model, h),
        fixes,
      });
    }
  },
};
