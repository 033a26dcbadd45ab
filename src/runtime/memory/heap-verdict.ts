// A live container's heap cap against its memory limit, from its inspect data alone
// (Config.Entrypoint/Cmd/Env as the engine reports them, image defaults included, and
// HostConfig.Memory). Pure: for an explorer badge ("heap above limit"), for Explain Exit's
// evidence on an OOM kill, and for the number Set Memory Limit… suggests.
import {
  heapCaps,
  heapVerdict,
  suggestedHeap,
  suggestedLimit,
  type HeapVerdict,
} from '../../model/memory/heap';
import type { HeapRuntime, Place } from '../../model/memory/options';
import { formatBytes } from '../../model/memory/sizes';

/** The parts of `GET /containers/{id}/json` this reads. */
export interface ContainerMemoryInspect {
  Config?: {
    Image?: string;
    Entrypoint?: string[] | string | null;
    Cmd?: string[] | string | null;
    Env?: string[] | null;
  };
  HostConfig?: { Memory?: number; MemorySwap?: number };
}

export interface LiveHeapVerdict {
  runtime: HeapRuntime;
  kind: HeapVerdict['kind'];
  /** The heap cap in bytes; null when the JVM sizes it from the host (container support off). */
  heapBytes: number | null;
  /** HostConfig.Memory, null when the container has no limit. */
  limitBytes: number | null;
  /** Where the cap comes from: `-Xmx2g (JAVA_TOOL_OPTIONS)`, `Node's default for a 192 MiB limit …`. */
  setting: string;
  /** One sentence for a tooltip or an explanation. */
  summary: string;
  /** The heap setting that fits the current limit, when the verdict is over or tight. */
  fitHeap: string | null;
  /** A limit that fits the current heap cap, in bytes, when one is known. */
  fitLimit: number | null;
}

const nodeWord = /(^|\/)(node|nodejs|npm|npx|yarn|pnpm)$/;

function words(v: string[] | string | null | undefined): string[] {
  if (Array.isArray(v)) return v;
  return typeof v === 'string' && v !== '' ? [v] : [];
}

function placesOf(inspect: ContainerMemoryInspect): Place[] {
  const config = inspect.Config ?? {};
  const argv = [...words(config.Entrypoint), ...words(config.Cmd)];
  const places: Place[] = argv.map((text, i) => ({
    kind: 'command',
    text,
    label: 'the command',
    order: i / 1000,
    locate: () => null,
  }));
  for (const entry of config.Env ?? []) {
    const eq = entry.indexOf('=');
    if (eq <= 0) continue;
    const name = entry.slice(0, eq);
    places.push({
      kind: 'env',
      name,
      text: entry.slice(eq + 1),
      label: name,
      order: 0,
      locate: () => null,
    });
  }
  return places;
}

function runsNode(inspect: ContainerMemoryInspect, places: Place[]): boolean {
  if (places.some((p) => p.kind === 'command' && p.text.split(/\s+/).some((w) => nodeWord.test(w))))
    return true;
  const image = inspect.Config?.Image ?? '';
  const name = image.split('@')[0]!.split('/').pop()!.split(':')[0];
  return name === 'node' && !places.some((p) => p.kind === 'command');
}

function describe(v: HeapVerdict): string {
  switch (v.kind) {
    case 'over':
      return `heap cap ${formatBytes(v.bytes)} (${v.cap.how}) is at or above the ${formatBytes(v.limit)} memory limit: the cgroup kills the container (137) before the heap is full, with nothing in the log`;
    case 'tight':
      return `heap cap ${formatBytes(v.bytes)} (${v.cap.how}) leaves ${formatBytes(v.limit - v.bytes)} of the ${formatBytes(v.limit)} limit; the runtime was measured to need at least ${formatBytes(v.needed)} beyond its heap`;
    case 'ignores-limit':
      return `${v.option.token} makes the JVM size its heap without the container's limit`;
    case 'fits':
      return `heap cap ${formatBytes(v.bytes)} (${v.cap.how}) fits the ${formatBytes(v.limit)} limit`;
  }
}

/** One verdict per runtime whose heap cap is known (none for a JVM left at its defaults). */
export function containerHeapVerdicts(inspect: ContainerMemoryInspect): LiveHeapVerdict[] {
  const memory = inspect.HostConfig?.Memory;
  const limit = memory && memory > 0 ? memory : null;
  const places = placesOf(inspect);
  const out: LiveHeapVerdict[] = [];
  for (const cap of heapCaps({ places, limit, runsNode: runsNode(inspect, places) })) {
    const v = heapVerdict(cap, limit);
    const where = cap.option ? ` (${cap.option.place.label})` : '';
    const setting = `${cap.how}${cap.option && cap.option.place.kind === 'env' ? where : ''}`;
    if (!v) {
      // No limit: nothing to judge against, but the heap cap decides what limit fits.
      if (cap.bytes === null) continue;
      out.push({
        runtime: cap.runtime,
        kind: 'fits',
        heapBytes: cap.bytes,
        limitBytes: null,
        setting,
        summary: `heap cap ${formatBytes(cap.bytes)} (${cap.how}); the container has no memory limit`,
        fitHeap: null,
        fitLimit: suggestedLimit(cap.runtime, cap.bytes),
      });
      continue;
    }
    const bytes = v.kind === 'ignores-limit' ? null : v.bytes;
    out.push({
      runtime: cap.runtime,
      kind: v.kind,
      heapBytes: bytes,
      limitBytes: limit,
      setting,
      summary: describe(v),
      fitHeap:
        (v.kind === 'over' || v.kind === 'tight') && limit
          ? suggestedHeap(cap.runtime, limit).text
          : null,
      fitLimit: bytes !== null ? suggestedLimit(cap.runtime, bytes) : null,
    });
  }
  return out;
}

/**
 * The memory limit Set Memory Limit… can suggest from the heap caps alone (the largest
 * fitting limit, the heap at 75 % of it), with how it was computed; null when no heap cap is
 * known (then peak usage from the cgroup is the better source).
 */
export function heapBasedLimit(
  inspect: ContainerMemoryInspect,
): { bytes: number; reason: string } | null {
  let best: LiveHeapVerdict | null = null;
  for (const v of containerHeapVerdicts(inspect))
    if (v.fitLimit !== null && (!best || v.fitLimit > best.fitLimit!)) best = v;
  if (!best || best.fitLimit === null || best.heapBytes === null) return null;
  return {
    bytes: best.fitLimit,
    reason: `the ${formatBytes(best.heapBytes)} heap cap, ${best.setting}, at 75 % of the limit, with at least the measured room beyond the heap (docs/measurements-memory.md)`,
  };
}
