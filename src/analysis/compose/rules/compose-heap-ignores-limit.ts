// compose-heap-ignores-limit: the JVM told to size its heap from something other than the
// container's limit: -XX:-UseContainerSupport (the host's memory: measured 6028 MiB of heap
// under a 256 MiB limit) or -XX:MaxRAM above the limit (docs/measurements-memory.md).
import { meta, type ComposeRule } from '../../rules/rule';
import type { BuildContext } from '../../types';
import type { ComposeFile, ComposeService } from '../document';
import type { Report as ComposeReport } from '../../rules/rule';
import { findingPlace, serviceVerdicts } from '../../memory/compose-findings';
import { formatDockerSize } from '../../../model/memory/sizes';
import type { Fix } from '../../types';

function reports(
  file: ComposeFile,
  service: ComposeService,
  context: BuildContext,
): ComposeReport[] {
  return serviceVerdicts(file, service, context).flatMap((sv) => {
    const v = sv.verdict;
    if (v.kind !== 'ignores-limit') return [];
    const limit = sv.memory.limit;
    const off = v.option.kind === 'container-support';
    const replacement = off
      ? '-XX:+UseContainerSupport'
      : limit
        ? `-XX:MaxRAM=${formatDockerSize(limit.bytes, 'm')}`
        : null;
    const at = v.option.place.locate(v.option.start, v.option.end);
    const fixes: Fix[] =
      at && replacement
        ? [
            {
              title: `Replace ${v.option.token} with ${replacement}`,
              preferred: true,
              edits: [{ path: at.path, range: at.range, newText: replacement }],
            },
          ]
        : [];
    const limitText = limit ? `the service's ${limit.text} limit` : 'any limit the container gets';
    return [
      {
        message: off
          ? `Service "${service.name}": ${v.option.token} makes the JVM size its heap from the ` +
            `host's memory, not from ${limitText}: measured, 6028 MiB of heap under a 256 MiB ` +
            'limit, and exit 137 with nothing in the log once the heap grows ' +
            '(docs/measurements-memory.md).'
          : `Service "${service.name}": ${v.option.token} makes the JVM size its heap from ` +
            `${v.option.token.slice(v.option.token.indexOf('=') + 1)} instead of ${limitText} ` +
            '(measured: -XX:MaxRAM=2g under a 256 MiB limit gives a 512 MiB heap; ' +
            'docs/measurements-memory.md).',
        ...findingPlace(file, service, sv),
        fixes,
      },
    ];
  });
}

export const composeHeapIgnoresLimit: ComposeRule = {
  meta: meta({
    id: 'compose-heap-ignores-limit',
    appliesTo: 'compose',
    defaultSeverity: 'warning',
    title: 'JVM heap sized from the host, not the container',
    description:
      "a JVM that sizes its heap from the host's memory (or -XX:MaxRAM) instead of the container's limit",
    why: 'Measured: with -XX:-UseContainerSupport the JVM took 6028 MiB of heap under a 256 MiB limit, so the cgroup kills it (137) before any heap error.',
    fixable: true,
  }),
  check(ctx) {
    for (const r of reports(ctx.file, ctx.service, ctx.context)) ctx.report(r);
  },
};
