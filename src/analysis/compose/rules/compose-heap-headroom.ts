// compose-heap-headroom: a heap cap below the limit, but by less than the runtime needs for
// everything else (threads, classes, code, buffers). Measured floors: 48 MiB for a JVM,
// 32 MiB for Node.js; below them a full heap ends in exit 137 with no message
// (docs/measurements-memory.md, "How much a process needs beyond its heap").
import { meta, type ComposeRule } from '../../rules/rule';
import type { BuildContext } from '../../types';
import type { ComposeFile, ComposeService } from '../document';
import type { Report as ComposeReport } from '../../rules/rule';
import { findingPlace, heapFixes, serviceVerdicts } from '../../memory/compose-findings';
import { formatBytes } from '../../../model/memory/sizes';

function reports(
  file: ComposeFile,
  service: ComposeService,
  context: BuildContext,
): ComposeReport[] {
  return serviceVerdicts(file, service, context).flatMap((sv) => {
    const v = sv.verdict;
    if (v.kind !== 'tight') return [];
    const runtime = v.cap.runtime === 'jvm' ? 'A JVM' : 'Node.js';
    return [
      {
        message:
          `Service "${service.name}": the heap cap ${formatBytes(v.bytes)} (${v.cap.how}) leaves ` +
          `${formatBytes(v.limit - v.bytes)} of the ${formatBytes(v.limit)} limit for everything ` +
          `else. ${runtime} was measured to need at least ${formatBytes(v.needed)} beyond its ` +
          'heap (a small program; a real service needs more): with less, a full heap ends in ' +
          'exit 137 with nothing in the log instead of the heap error ' +
          '(docs/measurements-memory.md).',
        ...findingPlace(file, service, sv),
        fixes: heapFixes(file, service, sv),
      },
    ];
  });
}

export const composeHeapHeadroom: ComposeRule = {
  meta: meta({
    id: 'compose-heap-headroom',
    appliesTo: 'compose',
    defaultSeverity: 'warning',
    title: 'Heap cap leaves too little memory beside the heap',
    description:
      'a heap cap that leaves less memory than the runtime needs beyond its heap: killed (137) before the heap error',
    why: 'Measured: a JVM needed 48 MiB and Node.js 32 MiB beyond the heap; with less, the cgroup killed them (137) before their heap error.',
    fixable: true,
  }),
  check(ctx) {
    for (const r of reports(ctx.file, ctx.service, ctx.context)) ctx.report(r);
  },
};
