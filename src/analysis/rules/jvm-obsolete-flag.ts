// JVM flags that no longer exist (knowledge/jvm-flags.ts, with the JDK change that removed each).
import { obsoleteJvmFlags } from '../knowledge/jvm-flags';
import { hitRange, jvmFlagHits, jvmVersionOf, removeTokenEdit } from './flags';
import { meta, type Rule } from './rule';

export const jvmObsoleteFlag: Rule = {
  meta: meta({
    id: 'jvm-obsolete-flag',
    defaultSeverity: 'warning',
    title: 'JVM flag that no longer exists',
    why: 'Removed JVM options are ignored with a warning or stop the JVM from starting ("Unrecognized VM option"), e.g. -XX:+UseCGroupMemoryLimitForHeap on JDK 11+.',
    fixable: true,
  }),
  check(ctx) {
    const rt = ctx.runtime;
    if (!rt) return;
    const v = jvmVersionOf(rt.command.rootImage);
    for (const h of jvmFlagHits(rt, (t) => obsoleteJvmFlags.some((f) => f.pattern.test(t)))) {
      const flag = obsoleteJvmFlags.find((f) => f.pattern.test(h.token))!;
      if (v && v.major < flag.removedIn) continue; // still exists in this JDK
      ctx.report({
        message: `${h.token} was removed in JDK ${flag.removedIn}: ${flag.note}${flag.note.includes(flag.source) ? '' : ` (${flag.source})`}.`,
        range: hitRange(ctx.model, h),
        certain: v !== null || flag.removedIn <= 9,
        fixes: [
          {
            title: `Remove ${h.token}`,
            preferred: true,
            edits: [removeTokenEdit(ctx.path, ctx.model, h)],
          },
        ],
      });
    }
  },
};
