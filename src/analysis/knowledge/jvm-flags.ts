// JVM flags that fix the heap or no longer exist. Sources: JDK release notes / JEPs.

export interface ObsoleteFlag {
  /** Matches one option token. */
  pattern: RegExp;
  removedIn: number;
  note: string;
  source: string;
}

export const obsoleteJvmFlags: readonly ObsoleteFlag[] = [
  {
    pattern: /^-XX:[+-]UseCGroupMemoryLimitForHeap$/,
    removedIn: 10,
    note: 'replaced by container support (-XX:+UseContainerSupport, on by default since 10 and 8u191); JDK 11+ refuses to start with it',
    source: 'JDK-8194086 (JDK 10 release notes)',
  },
  {
    pattern: /^-XX:(MaxPermSize|PermSize)=/,
    removedIn: 8,
    note: 'PermGen was removed in JDK 8 (JEP 122); the option is ignored with a warning',
    source: 'JEP 122',
  },
  {
    pattern: /^-XX:[+-]UseConcMarkSweepGC$/,
    removedIn: 14,
    note: 'CMS was removed in JDK 14 (JEP 363)',
    source: 'JEP 363',
  },
  {
    pattern: /^-XX:[+-]UseParNewGC$/,
    removedIn: 10,
    note: 'ParNew was removed in JDK 10 (JEP 214 deprecation, JDK-8173421); the JVM refuses to start',
    source: 'JDK-8173421',
  },
  {
    pattern: /^-Xincgc$/,
    removedIn: 9,
    note: 'incremental CMS was removed in JDK 9 (JEP 214); the JVM refuses to start',
    source: 'JEP 214',
  },
];

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

/** The container-relative replacement (domain.md §3: container-aware JVMs 8u191+, 10+). */
export const containerRelativeHeapFlag = '-XX:MaxRAMPercentage=75.0';

export const nodeHeapFlag = /^--max[-_]old[-_]space[-_]size(=(\d+))?$/;
