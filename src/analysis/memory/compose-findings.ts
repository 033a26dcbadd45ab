// The heap-against-limit verdicts of one compose service as findings: where to point, what
// to say, and the quick fixes with computed numbers (the heap sized from the limit, or the
// limit raised to fit the heap), as text edits that keep every other byte of the files.
import { isMap, isSeq, type Node } from '../../shared/yaml';
import type { BuildContext, Fix, Range, RelatedLocation, TextEdit } from '../types';
import {
  anchorLines,
  ownPair,
  positionAt,
  rangeOf,
  type ComposeFile,
  type ComposeService,
} from '../compose/document';
import { childSlot, insertLines } from '../compose/edits';
import type { Report as ComposeReport } from '../rules/rule';
import { serviceMemory, type MemoryLimit, type ServiceMemory } from './compose-service';
import {
  heapCaps,
  heapVerdict,
  suggestedHeap,
  suggestedLimit,
  type HeapVerdict,
} from '../../model/memory/heap';
import type { HeapOption } from '../../model/memory/options';
import { formatDockerSize } from '../../model/memory/sizes';

export interface ServiceVerdict {
  verdict: HeapVerdict;
  memory: ServiceMemory;
}

/** The heap verdicts of a service (one per runtime with a cap), or none when nothing is known. */
export function serviceVerdicts(
  file: ComposeFile,
  service: ComposeService,
  context: BuildContext,
): ServiceVerdict[] {
  const memory = serviceMemory(file, service, context);
  if (!memory) return [];
  const limit = memory.limit?.bytes ?? null;
  return heapCaps({ places: memory.places, limit, runsNode: memory.runsNode })
    .map((cap) => heapVerdict(cap, limit))
    .filter((v): v is HeapVerdict => v !== null)
    .map((verdict) => ({ verdict, memory }));
}

function tokenEdit(option: HeapOption, newText: string): TextEdit | null {
  const at = option.place.locate(option.start, option.end);
  return at ? { path: at.path, range: at.range, newText } : null;
}

/** Add `--max-old-space-size` through NODE_OPTIONS in the service's environment. */
function nodeOptionsEdit(
  file: ComposeFile,
  service: ComposeService,
  mem: ServiceMemory,
  flag: string,
): TextEdit | null {
  const existing = mem.places.find(
    (p) => p.kind === 'env' && p.name === 'NODE_OPTIONS' && p.label.startsWith('compose'),
  );
  if (existing) {
    const end = existing.text.length;
    const loc = existing.locate(end, end);
    return loc
      ? { path: loc.path, range: loc.range, newText: `${existing.text ? ' ' : ''}${flag}` }
      : null;
  }
  const env = ownPair(service.map, 'environment');
  if (!env) {
    const slot = childSlot(file, service.pair);
    return slot
      ? insertLines(file, slot, [
          { depth: 0, text: 'environment:' },
          { depth: 1, text: `NODE_OPTIONS: "${flag}"` },
        ])
      : null;
  }
  if (isMap(env.value)) {
    const slot = childSlot(file, env);
    return slot ? insertLines(file, slot, [{ depth: 0, text: `NODE_OPTIONS: "${flag}"` }]) : null;
  }
  if (isSeq(env.value) && !env.value.flow) {
    const first = env.value.items[0] as Node | undefined;
    const start = first?.range?.[0];
    if (start === undefined) return null;
    const pos = positionAt(file.lineStarts, start);
    const lineStart = file.lineStarts[pos.line]!;
    const dash = file.text.slice(lineStart, start).replace(/[^ -]/g, ' ');
    const at = { line: pos.line, character: 0 };
    return {
      path: file.path,
      range: { start: at, end: at },
      newText: `${dash}NODE_OPTIONS=${flag}${file.eol}`,
    };
  }
  return null;
}

function sizeHeapFix(
  file: ComposeFile,
  service: ComposeService,
  sv: ServiceVerdict,
  limit: number,
): Fix | null {
  const { cap } = sv.verdict;
  const heap = suggestedHeap(cap.runtime, limit);
  const edits: TextEdit[] = [];
  if (cap.runtime === 'node' && !cap.option) {
    const edit = nodeOptionsEdit(file, service, sv.memory, heap.text);
    if (!edit) return null;
    edits.push(edit);
  } else {
    const option = cap.option;
    if (!option) return null;
    const edit = tokenEdit(option, heap.text);
    if (!edit) return null;
    edits.push(edit);
    // An initial heap above the new maximum stops the JVM from starting: it follows too.
    for (const o of cap.options)
      if (o.kind === 'initial-heap' && o.value > heap.bytes) {
        const e = tokenEdit(o, '-XX:InitialRAMPercentage=75.0');
        if (!e) return null;
        edits.push(e);
      }
  }
  const mib = Math.round(heap.bytes / (1024 * 1024));
  return {
    title: `Size the heap from the limit: ${heap.text} (${mib} MiB of ${formatDockerSize(limit)})`,
    preferred: true,
    edits,
  };
}

function limitEdit(file: ComposeFile, limit: MemoryLimit, bytes: number): TextEdit | null {
  const node = limit.node;
  const r = node?.range;
  if (!node || !r) return null;
  const quote = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE' ? 1 : 0;
  if (!quote && node.type !== 'PLAIN') return null;
  const start = r[0] + quote;
  const end = r[1] - quote;
  const range: Range = {
    start: positionAt(file.lineStarts, start),
    end: positionAt(file.lineStarts, end),
  };
  return { path: file.path, range, newText: formatDockerSize(bytes, limit.text) };
}

function raiseLimitFix(file: ComposeFile, sv: ServiceVerdict, heap: number): Fix | null {
  const wanted = suggestedLimit(sv.verdict.cap.runtime, heap);
  const edits: TextEdit[] = [];
  for (const l of sv.memory.limits) {
    if (l.bytes >= wanted) continue;
    const e = limitEdit(file, l, wanted);
    if (!e) return null;
    edits.push(e);
  }
  if (edits.length === 0) return null;
  return {
    title: `Raise the memory limit to ${formatDockerSize(wanted, sv.memory.limit?.text)} (the heap at 75 % of it)`,
    preferred: false,
    edits,
  };
}

export function heapFixes(file: ComposeFile, service: ComposeService, sv: ServiceVerdict): Fix[] {
  const v = sv.verdict;
  if (v.kind !== 'over' && v.kind !== 'tight') return [];
  return [sizeHeapFix(file, service, sv, v.limit), raiseLimitFix(file, sv, v.bytes)].filter(
    (f): f is Fix => f !== null,
  );
}

/** Where a finding points (the heap setting when it is in this file, else the limit) and what it relates to. */
export function findingPlace(
  file: ComposeFile,
  service: ComposeService,
  sv: ServiceVerdict,
): Pick<ComposeReport, 'range' | 'related' | 'anchorLines'> {
  const option = sv.verdict.cap.option;
  const at = option ? option.place.locate(option.start, option.end) : null;
  const limitNode = sv.memory.limit?.node;
  const limitRange = limitNode ? rangeOf(file.lineStarts, limitNode) : null;
  const related: RelatedLocation[] = [];
  if (at && at.path !== file.path)
    related.push({ ...at, message: `heap: ${option!.token} (${option!.place.label})` });
  if (limitRange && at?.path === file.path)
    related.push({
      path: file.path,
      range: limitRange,
      message: `memory limit: ${sv.memory.limit!.text}`,
    });
  const range = at?.path === file.path ? at.range : (limitRange ?? service.keyRange);
  return {
    range,
    related,
    anchorLines: anchorLines(file, service, [
      'environment',
      'command',
      'entrypoint',
      'mem_limit',
      'deploy',
    ]),
  };
}
