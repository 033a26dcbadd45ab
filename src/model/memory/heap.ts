// The heap cap each runtime in a container will use, and how it stands against the
// container's memory limit. Pure: the options come from options.ts, the limit from compose
// or a container's config.
import { heapOptions, type HeapOption, type HeapRuntime, type Place } from './options';
import {
  dotnetDefaultShare,
  goMemoryLimitShare,
  headroom,
  heapShare,
  jvmDefaults,
  nodeDefaultOldSpace,
} from './measured';
import { bytesPerMiB, formatBytes, roundUp } from './sizes';

export interface HeapCap {
  runtime: HeapRuntime;
  /** The most the heap may take, in bytes; null when it follows the host's memory. */
  bytes: number | null;
  /** How the cap comes about, for messages (`-Xmx1g`, `Node's default for a 192 MiB limit`). */
  how: string;
  /** The option that sets it; null for a runtime's default. */
  option: HeapOption | null;
  /** -XX:-UseContainerSupport (or -XX:MaxRAM above the limit): the JVM sizes from the host or MaxRAM. */
  ignoresLimit: HeapOption | null;
  /** Every option of this runtime (a fix may have to change several: -Xms beside -Xmx). */
  options: HeapOption[];
}

function last(options: HeapOption[], kind: HeapOption['kind']): HeapOption | null {
  for (let i = options.length - 1; i >= 0; i--) if (options[i]!.kind === kind) return options[i]!;
  return null;
}

/** HotSpot's heap ergonomics (Arguments::set_heap_size) for `physical` bytes and MaxRAMPercentage. */
export function jvmErgonomicHeap(physical: number, percent: number): number {
  const reasonableMax = (physical * percent) / 100;
  const reasonableMin = (physical * jvmDefaults.minRamPercentage) / 100;
  if (reasonableMin < jvmDefaults.maxHeapSize) return Math.floor(reasonableMin);
  return Math.floor(Math.max(reasonableMax, jvmDefaults.maxHeapSize));
}

function jvmCap(options: HeapOption[], limit: number | null): HeapCap | null {
  if (options.length === 0) return null;
  const max = last(options, 'max-heap');
  const support = last(options, 'container-support');
  const maxRam = last(options, 'max-ram');
  const percent = last(options, 'ram-percentage');
  const off = support && support.value === 0 ? support : null;
  const base = { runtime: 'jvm' as const, options };
  if (max) return { ...base, bytes: max.value, how: max.token, option: max, ignoresLimit: off };
  if (off && !maxRam)
    return { ...base, bytes: null, how: off.token, option: off, ignoresLimit: off };
  if (!percent && !maxRam) return null; // the default: a share of the limit
  const physical = maxRam ? maxRam.value : limit;
  if (physical === null) return null;
  const share = percent ? percent.value : jvmDefaults.maxRamPercentage;
  const bytes = jvmErgonomicHeap(physical, share);
  const how = maxRam
    ? `${maxRam.token}${percent ? ` ${percent.token}` : ''} (${share} % of ${formatBytes(maxRam.value)})`
    : `${percent!.token} of the ${formatBytes(physical)} limit`;
  const aboveLimit = maxRam && limit !== null && maxRam.value > limit ? maxRam : null;
  return { ...base, bytes, how, option: percent ?? maxRam, ignoresLimit: off ?? aboveLimit };
}

function nodeCap(options: HeapOption[], limit: number | null, runsNode: boolean): HeapCap | null {
  const old = last(options, 'old-space');
  const base = { runtime: 'node' as const, options, ignoresLimit: null };
  if (old) return { ...base, bytes: old.value, how: old.token, option: old };
  if (!runsNode || limit === null) return null;
  return {
    ...base,
    bytes: nodeDefaultOldSpace(limit),
    how: `Node's default for a ${formatBytes(limit)} limit, no --max-old-space-size`,
    option: null,
  };
}

function lastOf(options: HeapOption[], runtime: HeapRuntime): HeapCap | null {
  const o = options.at(-1);
  if (!o) return null;
  return {
    runtime,
    bytes: o.value,
    how: `${o.place.name}=${o.token}`,
    option: o,
    ignoresLimit: null,
    options,
  };
}

export interface ContainerHeapInput {
  places: readonly Place[];
  /** The container's memory limit in bytes, null when none is known. */
  limit: number | null;
  /** The container runs Node.js (its default heap then matters under a limit). */
  runsNode: boolean;
}

export function heapCaps(input: ContainerHeapInput): HeapCap[] {
  const options = heapOptions(input.places);
  const of = (r: HeapRuntime) => options.filter((o) => o.runtime === r);
  return [
    jvmCap(of('jvm'), input.limit),
    nodeCap(of('node'), input.limit, input.runsNode),
    lastOf(of('go'), 'go'),
    lastOf(of('dotnet'), 'dotnet'),
  ].filter((c): c is HeapCap => c !== null);
}

export type HeapVerdict =
  | { kind: 'over'; cap: HeapCap; bytes: number; limit: number }
  | { kind: 'tight'; cap: HeapCap; bytes: number; limit: number; needed: number }
  | { kind: 'ignores-limit'; cap: HeapCap; option: HeapOption }
  | { kind: 'fits'; cap: HeapCap; bytes: number; limit: number };

/** How one heap cap stands against the limit (null: no limit known and nothing to say). */
export function heapVerdict(cap: HeapCap, limit: number | null): HeapVerdict | null {
  if (cap.ignoresLimit && (cap.bytes === null || cap.option === cap.ignoresLimit))
    return { kind: 'ignores-limit', cap, option: cap.ignoresLimit };
  if (limit === null || cap.bytes === null) return null;
  if (cap.bytes >= limit) return { kind: 'over', cap, bytes: cap.bytes, limit };
  const needed = cap.runtime === 'jvm' || cap.runtime === 'node' ? headroom[cap.runtime] : 0;
  if (limit - cap.bytes < needed) return { kind: 'tight', cap, bytes: cap.bytes, limit, needed };
  return { kind: 'fits', cap, bytes: cap.bytes, limit };
}

/** The heap the fixes give a runtime under `limit` (bytes), and the text that sets it. */
export function suggestedHeap(
  runtime: HeapRuntime,
  limit: number,
): { bytes: number; text: string } {
  switch (runtime) {
    case 'jvm':
      return { bytes: jvmErgonomicHeap(limit, heapShare * 100), text: '-XX:MaxRAMPercentage=75.0' };
    case 'node': {
      const mib = Math.floor(Math.min(limit * heapShare, limit - headroom.node) / bytesPerMiB);
      return { bytes: mib * bytesPerMiB, text: `--max-old-space-size=${mib}` };
    }
    case 'go': {
      const mib = Math.floor((limit * goMemoryLimitShare) / bytesPerMiB);
      return { bytes: mib * bytesPerMiB, text: `${mib}MiB` };
    }
    case 'dotnet': {
      const bytes = roundUp(Math.floor(limit * dotnetDefaultShare), bytesPerMiB) - bytesPerMiB;
      return { bytes, text: `0x${bytes.toString(16).toUpperCase()}` };
    }
  }
}

/** The limit that fits a heap cap: the heap at 75 % of it, and at least the measured headroom. */
export function suggestedLimit(runtime: HeapRuntime, heap: number): number {
  const share = runtime === 'go' ? goMemoryLimitShare : heapShare;
  const room = runtime === 'jvm' || runtime === 'node' ? headroom[runtime] : 0;
  return roundUp(Math.max(heap / share, heap + room), 64 * bytesPerMiB);
}
