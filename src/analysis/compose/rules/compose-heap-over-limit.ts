// compose-heap-over-limit: a heap cap at or above the service's memory limit. The heap never
// hits its cap: the cgroup kills the container first, exit 137 and nothing in the log
// (measured: docs/measurements-memory.md, "Before and after").
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
    if (v.kind !== 'over') return [];
    const runtime = { jvm: 'the JVM', node: 'Node.js', go: 'Go', dotnet: '.NET' }[v.cap.runtime];
    const swap =
      sv.memory.memswap !== null && (sv.memory.memswap === -1 || sv.memory.memswap > v.limit)
        ? ' (memswap_limit lets it swap past the limit where the host has swap, which only delays the kill)'
        : '';
    return [
      {
        message:
          `Service "${service.name}": ${runtime} may grow its heap to ${formatBytes(v.bytes)} ` +
          `(${v.cap.how}), at or above the service's ${formatBytes(v.limit)} memory limit ` +
          `(${sv.memory.limit!.key}: ${sv.memory.limit!.text})${swap}. The cgroup kills the ` +
          'container before the heap is full: exit 137, OOMKilled, nothing in the log. With ' +
          'the cap below the limit, the runtime stops with its own heap error instead ' +
          '(measured: docs/measurements-memory.md).',
        ...findingPlace(file, service, sv),
        fixes: heapFixes(file, service, sv),
      },
    ];
  });
}

export const composeHeapOverLimit: ComposeRule = {
  meta: meta({
    id: 'compose-heap-over-limit',
    appliesTo: 'compose',
    defaultSeverity: 'error',
    title: "Heap cap at or above the container's memory limit",
    description:
      "a heap cap at or above the container's memory limit: the container is killed (137) with nothing in the log",
    why: 'Measured: Node.js with --max-old-space-size=1024 and java -Xmx1g under a 192 MiB limit were killed by the cgroup (exit 137, OOMKilled, empty log); with the cap below the limit the runtime printed its own heap error.',
    fixable: true,
  }),
  check(ctx) {
    for (const r of reports(ctx.file, ctx.service, ctx.context)) ctx.report(r);
  },
};
