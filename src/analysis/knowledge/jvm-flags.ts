// JVM flags that fix the heap or no longer exist. What a JVM does with a removed option
// depends on its version: some releases start and print "ignoring option …", later ones
// refuse to start ("Unrecognized VM option", exit 1). Only what is documented or measured
// is recorded; versions in between stay unknown rather than guessed.

/**
 * Measured here 2026-11-22: the lab's Debian image (OpenJDK 17.0.19+10-1-deb12u2),
 * `java FLAG -version` in a container through the Engine API: exit 1, "Unrecognized VM option
 * 'MaxPermSize=256m'" (or "Unrecognized option: -Xincgc") then "Could not create the Java
 * Virtual Machine".
 */
export const MEASURED_JDK = 17;
const measured17 =
  'measured here on OpenJDK 17.0.19 (lab Debian image): exit 1, "Unrecognized VM option"';

export interface ObsoleteFlag {
  /** Matches one option token. */
  pattern: RegExp;
  /** The first JDK major in which the option no longer does anything. */
  removedIn: number;
  /** JDK majors known (documented) to start anyway and print "ignoring option …", inclusive. */
  warnsOn: { from: number; to: number } | null;
  /** The lowest JDK major known (measured or documented) to refuse to start with the option. */
  refusesFrom: number;
  note: string;
  /** Where each fact comes from: the JDK change, and the measurement for refusesFrom. */
  source: string;
}

export const obsoleteJvmFlags: readonly ObsoleteFlag[] = [
  {
    pattern: /^-XX:[+-]UseCGroupMemoryLimitForHeap$/,
    removedIn: 11,
    warnsOn: null,
    refusesFrom: 11,
    note: 'replaced by container support (-XX:+UseContainerSupport, on by default since 10 and 8u191)',
    source: `JDK-8194086 (deprecated in 10, removed in 11, after which the JVM refuses it); ${measured17}`,
  },
  {
    pattern: /^-XX:(MaxPermSize|PermSize)=/,
    removedIn: 8,
    warnsOn: { from: 8, to: 8 },
    refusesFrom: MEASURED_JDK,
    note: 'PermGen was removed in JDK 8 (JEP 122; JDK 8 prints "ignoring option …; support was removed in 8.0")',
    source: `JEP 122; ${measured17}`,
  },
  {
    pattern: /^-XX:[+-]UseConcMarkSweepGC$/,
    removedIn: 14,
    warnsOn: { from: 14, to: 14 },
    refusesFrom: MEASURED_JDK,
    note: 'CMS was removed in JDK 14 (JEP 363: JDK 14 warns and uses the default collector)',
    source: `JEP 363; ${measured17}`,
  },
  {
    pattern: /^-XX:[+-]UseParNewGC$/,
    removedIn: 10,
    warnsOn: null,
    refusesFrom: MEASURED_JDK,
    note: 'ParNew was removed in JDK 10 (JDK-8173421)',
    source: `JDK-8173421; ${measured17}`,
  },
  {
    pattern: /^-Xincgc$/,
    removedIn: 9,
    warnsOn: null,
    refusesFrom: MEASURED_JDK,
    note: 'incremental CMS was removed in JDK 9 (JEP 214)',
    source: `JEP 214; ${measured17} ("Unrecognized option: -Xincgc")`,
  },
];

export type ObsoleteFlagEffect = 'exists' | 'warns' | 'refuses' | 'unknown';

/** What a JVM of `major` does with the flag at start; null major: the version is not known. */
export function obsoleteFlagEffect(flag: ObsoleteFlag, major: number | null): ObsoleteFlagEffect {
  if (major === null) return 'unknown';
  if (major < flag.removedIn) return 'exists';
  if (major >= flag.refusesFrom) return 'refuses';
  if (flag.warnsOn && major >= flag.warnsOn.from && major <= flag.warnsOn.to) return 'warns';
  return 'unknown';
}

/** Environment variables the JVM (or common launch scripts) read options from. */
export const jvmOptionVariables = new Set([
  'JAVA_OPTS',
  'JAVA_TOOL_OPTIONS',
  '_JAVA_OPTIONS',
  'JDK_JAVA_OPTIONS',
  'JVM_OPTS',
  'CATALINA_OPTS',
]);

/** A fixed maximum heap: -Xmx512m, -XX:MaxHeapSize=1g. */
export const fixedHeapFlag = /^(-Xmx\d+[kKmMgGtT]?|-XX:MaxHeapSize=\d+[kKmMgGtT]?)$/;

/** The container-relative replacement (docs/measurements-memory.md: container-aware JVMs 8u191+, 10+). */
export const containerRelativeHeapFlag = '-XX:MaxRAMPercentage=75.0';

export const nodeHeapFlag = /^--max[-_]old[-_]space[-_]size(=(\d+))?$/;
