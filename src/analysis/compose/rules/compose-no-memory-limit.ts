// compose-no-memory-limit: a service with no memory limit can take all of the
// host's memory; then the host's OOM killer picks its victims, dockerd included,
// and every container on the host dies (docs/rules/compose-no-memory-limit.md).
import { isMap, type Node, type Pair, type YAMLMap } from '../../../shared/yaml';
import type { Fix } from '../../types';
import { anchorLines, isRecord, ownPair, type ComposeFile, type ComposeService } from '../document';
import { childSlot, insertLines } from '../edits';
import { meta, type ComposeRule } from '../../rules/rule';

const limitPath = ['deploy', 'resources', 'limits'] as const;

function isSet(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

export function hasMemoryLimit(service: Record<string, unknown>): boolean {
  if (isSet(service['mem_limit'])) return true;
  let node: unknown = service;
  for (const key of limitPath) {
    if (!isRecord(node)) return false;
    node = node[key];
  }
  return isRecord(node) && isSet(node['memory']);
}

/** An environment variable name for the placeholder, from the service name. */
export function placeholderVariable(serviceName: string): string {
  const name = serviceName.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
  return `${/^[A-Z_]/.test(name) ? name : `_${name}`}_MEMORY_LIMIT`;
}

/**
 * The value inserted for the limit: a required-variable interpolation. It is valid
 * YAML and valid compose syntax, but `docker compose config/up` stops with our message
 * until the user sets the variable or writes a number: no invented number runs.
 */
export function placeholderValue(serviceName: string): string {
  const message = `choose a memory limit for service ${serviceName.replace(/[^\w.-]/g, '_')}`;
  return `"\${${placeholderVariable(serviceName)}:?${message}}"`;
}

function limitFix(file: ComposeFile, service: ComposeService): Fix | null {
  let pair: Pair<Node, Node | null> = service.pair;
  let map: YAMLMap | null = service.map;
  let own: unknown = service.own;
  let depth = 0;
  for (const key of limitPath) {
    const next: Pair<Node, Node | null> | undefined = map ? ownPair(map, key) : undefined;
    const ownNext = isRecord(own) ? own[key] : undefined;
    if (!next) {
      // Present only through a merge key (`<<: *defaults`): an explicit key here would
      // replace the merged mapping as a whole, dropping its other settings.
      if (ownNext !== undefined) return null;
      break;
    }
    pair = next;
    map = isMap(next.value) ? next.value : null;
    own = ownNext;
    depth++;
  }
  const slot = childSlot(file, pair);
  if (!slot) return null;
  const lines = limitPath
    .slice(depth)
    .map((key, i) => ({ depth: i, text: `${key}:` }))
    .concat([
      { depth: limitPath.length - depth, text: `memory: ${placeholderValue(service.name)}` },
    ]);
  return {
    title: `Add a memory limit to service "${service.name}" (you choose the value)`,
    preferred: false,
    edits: [insertLines(file, slot, lines)],
  };
}

export const composeNoMemoryLimit: ComposeRule = {
  meta: meta({
    id: 'compose-no-memory-limit',
    appliesTo: 'compose',
    defaultSeverity: 'warning',
    title: 'A compose service without a memory limit',
    description: 'a compose service without a memory limit',
    why: "Without a memory limit a leaking container competes with the host; the host's OOM killer may then kill any process, dockerd included, and every container on the host stops.",
    fixable: true,
  }),
  check(ctx) {
    const { file, service } = ctx;
    if (!service.effective || hasMemoryLimit(service.effective)) return;
    const fix = limitFix(file, service);
    ctx.report({
      message:
        `Service "${service.name}" has no memory limit (deploy.resources.limits.memory or ` +
        "mem_limit): it may use all of the host's memory, and then the host's OOM killer " +
        'can kill any process, dockerd included, which stops every container on the host.',
      range: service.keyRange,
      anchorLines: anchorLines(file, service, ['deploy', 'mem_limit']),
      fixes: fix ? [fix] : [],
      related: [],
    });
  },
};
