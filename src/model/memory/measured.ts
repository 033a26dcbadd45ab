// What was measured on a real Docker Engine (cgroup v1) and is written up, with commands
// and versions, in docs/measurements-memory.md. The rules' thresholds come from here.
import { bytesPerMiB as MiB } from './sizes';

export const measurementsPage = 'docs/measurements-memory.md';

/** The versions the measurements cover. */
export const measuredVersions = {
  jvm: 'OpenJDK 17.0.19 (Debian 12 openjdk-17-jre-headless)',
  node: 'Node.js 18.20.4 (Debian 12 nodejs) and 20.20.2',
};

/**
 * Memory a process needs beyond its heap cap before the cgroup kills it. Measured: an
 * allocating program with its heap cap set N MiB below the limit, N raised until the
 * runtime's own heap error appears instead of exit 137. JVM (source-launched program, the
 * compiler's classes loaded): 48 MiB sufficed; Node: 32 MiB. Below this the container is
 * killed with no message; a real app (more threads, classes, buffers) needs more.
 */
export const headroom = {
  jvm: 48 * MiB,
  node: 32 * MiB,
} as const;

/** HotSpot's defaults (JDK 10+, 8u191+): MaxRAMPercentage 25, MinRAMPercentage 50, MaxHeapSize 128 MiB. */
export const jvmDefaults = { maxRamPercentage: 25, minRamPercentage: 50, maxHeapSize: 128 * MiB };

/** The share of the limit the fixes give the heap (the JVM's -XX:MaxRAMPercentage=75.0 as well). */
export const heapShare = 0.75;

/**
 * Node's default old space (V8 on 64-bit, Node 18 and 20): half the container limit, at
 * least 256 MiB and at most 4096 MiB. Measured heap_size_limit: 259 MiB under 192, 256 and
 * 512 MiB limits, 524 MiB under 1 GiB, 4144 MiB without a limit (24 GiB host).
 */
export function nodeDefaultOldSpace(limit: number): number {
  return Math.min(4096 * MiB, Math.max(256 * MiB, Math.floor(limit / 2)));
}

/** Go's GC guide suggests leaving 5–10 % of the limit to what the Go runtime does not count. */
export const goMemoryLimitShare = 0.9;
/** .NET's own default hard limit in a container: 75 % of the limit. */
export const dotnetDefaultShare = 0.75;
