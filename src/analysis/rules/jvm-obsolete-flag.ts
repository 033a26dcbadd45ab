// JVM flags that no longer exist (knowledge/jvm-flags.ts, with the JDK change that removed each).
import { obsoleteFlagEffect, obsoleteJvmFlags, type ObsoleteFlag } from '../knowledge/jvm-flags';
import { hitRange, jvmFlagHits, jvmVersionOf, removeTokenEdit } from './flags';
import { meta, type DockerfileRule } from './rule';

export const jvmObsoleteFlag: DockerfileRule = {
  meta: meta({
    id: 'jvm-obsolete-flag',
    appliesTo: 'dockerfile',
    description: 'JVM flags that no longer exist (the JVM refuses to start)',
    defaultSeverity: 'warning',
    title: 'JVM flag that no longer exists',
    why: 'Removed JVM options stop the JVM from starting ("Unrecognized VM option", exit 1; measured on OpenJDK 17 for every flag in the table) or, on some older releases, are ignored with a warning.',
    fixable: true,
  }),
  check(ctx) {
    const rt = ctx.runtime;
    if (!rt) return;
    const v = jvmVersionOf(rt.command.rootImage);
    for (const h of jvmFlagHits(rt, (t) => obsoleteJvmFlags.some((f) => f.pattern.test(t)))) {
      const flag = obsoleteJvmFlags.find((f) => f.pattern.test(h.token))!;
      if (obsoleteFlagEffect(flag, v?.major ?? null) === 'exists') continue; // still in this JDK
      ctx.report({
        message: obsoleteFlagMessage(h.token, flag, v?.major ?? null),
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

function javaRange(from: number, to: number): string {
  return from === to ? `Java ${from}` : `Java ${from}–${to}`;
}

/** What the JVM does with the flag, as far as it is known for this version (never guessed). */
export function obsoleteFlagMessage(
  token: string,
  flag: ObsoleteFlag,
  major: number | null,
): string {
  const removed = `${token} was removed in JDK ${flag.removedIn}`;
  const refuses = `refuses to start on Java ${flag.refusesFrom}+ ("Unrecognized VM option", exit 1)`;
  const warns = flag.warnsOn
    ? `ignored with a warning on ${javaRange(flag.warnsOn.from, flag.warnsOn.to)}`
    : null;
  switch (obsoleteFlagEffect(flag, major)) {
    case 'refuses':
      return `${removed}: Java ${major} refuses to start with it ("Unrecognized VM option", exit 1). ${flag.note}.`;
    case 'warns':
      return `${removed}: Java ${major} starts but ignores it with a warning; Java ${flag.refusesFrom}+ refuses to start with it. ${flag.note}.`;
    default: {
      const known = warns ? `${warns}, ${refuses}` : refuses;
      const version = major === null ? '' : ` (Java ${major}: not measured)`;
      return `${removed}: ${known}${version}. ${flag.note}.`;
    }
  }
}
