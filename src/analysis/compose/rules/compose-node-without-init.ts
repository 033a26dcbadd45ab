// compose-node-without-init: Node.js (and npm/yarn/pnpm/npx in front of it) as PID 1
// installs no SIGTERM handler and reaps no orphans (see docs/rules/compose-node-without-init.md).
// `init: true` puts docker-init (tini) in front: measured, stop takes 0.2 s, exit 143.
import { isScalar } from '../../../shared/yaml';
import type { Fix, RelatedLocation } from '../../types';
import { anchorLines, ownPair, rangeOf, type ComposeFile, type ComposeService } from '../document';
import { childSlot, insertLines, replaceNode } from '../edits';
import { meta, type ComposeRule } from '../../rules/rule';
import { firstWord } from '../words';
import { analyseDashC } from '../../../model/shell/exec-optimisation';
import { shellUse } from './compose-shell-command';

export { firstWord } from '../words';

const nodePrograms = new Set(['node', 'nodejs', 'npm', 'npx', 'yarn', 'pnpm']);
/** Programs that, as PID 1, forward signals and reap (they forward signals and reap). */
const initPrograms = new Set([
  'tini',
  'tini-static',
  'dumb-init',
  'docker-init',
  'catatonit',
  'init',
  's6-svscan',
  'runsvdir',
  'supervisord',
  'systemd',
]);

function programOf(value: unknown): string | null {
  let first: unknown;
  if (Array.isArray(value)) first = value[0];
  else if (typeof value === 'string') first = firstWord(value);
  if (typeof first !== 'string' || first === '') return null;
  return first.split('/').pop() ?? null;
}

/** `node`, `node:20-alpine`, `docker.io/library/node@sha256:…` → true. */
export function isNodeImage(image: unknown): boolean {
  if (typeof image !== 'string') return false;
  const withoutDigest = image.split('@')[0];
  const lastPart = withoutDigest.split('/').pop() ?? '';
  return lastPart.split(':')[0] === 'node';
}

interface NodeEvidence {
  /** The program that is PID 1, when known from the service. */
  program: string | null;
  /** The key that shows it (image, command or entrypoint). */
  key: 'image' | 'command' | 'entrypoint';
  /** How the evidence reads in the message. */
  shown: string;
}

function nodeEvidence(file: ComposeFile, service: ComposeService): NodeEvidence | null {
  const value = service.effective;
  if (!value) return null;
  const entrypoint = programOf(value['entrypoint']);
  const command = programOf(value['command']);
  const program = entrypoint ?? command;
  if (program && initPrograms.has(program)) return null;
  const key = entrypoint ? 'entrypoint' : 'command';
  // `sh -c "… && node server.js"`: node is what the script runs last (read with the shell
  // parser); with `exec` it replaces the shell as PID 1, without it the shell stays.
  const use = shellUse(file, service);
  if (use) {
    const dash = analyseDashC(use.script.value);
    const last = dash.lastWords[0]?.value?.split('/').pop();
    if (last && nodePrograms.has(last)) {
      const shown = `${use.key} \`${use.shell} -c\` running ${last}`;
      return dash.hasExec
        ? { program: last, key: use.key, shown }
        : { program: program ?? use.shell, key: use.key, shown };
    }
  }
  if (program && nodePrograms.has(program)) return { program, key, shown: `${key} ${program}` };
  if (isNodeImage(value['image']))
    return { program, key: 'image', shown: `image ${String(value['image'])}` };
  return null;
}

function initFix(file: ComposeFile, service: ComposeService): Fix | null {
  const existing = ownPair(service.map, 'init');
  let edit;
  if (existing) {
    edit = isScalar(existing.value) ? replaceNode(file, existing.value, 'true') : null;
  } else {
    const slot = childSlot(file, service.pair);
    edit = slot ? insertLines(file, slot, [{ depth: 0, text: 'init: true' }]) : null;
  }
  if (!edit) return null;
  return {
    title: `Add \`init: true\` to service "${service.name}"`,
    preferred: true,
    edits: [edit],
  };
}

export const composeNodeWithoutInit: ComposeRule = {
  meta: meta({
    id: 'compose-node-without-init',
    appliesTo: 'compose',
    defaultSeverity: 'warning',
    title: 'A Node.js service without `init: true`',
    description: 'a node service without `init: true`',
    why: 'Measured: node as PID 1 installs no SIGTERM handler and reaps no orphans; with `init: true` docker-init stops it in 0.2 s (exit 143).',
    fixable: true,
  }),
  check(ctx) {
    const { file, service } = ctx;
    const value = service.effective;
    if (!value || value['init'] === true) return;
    const evidence = nodeEvidence(file, service);
    if (!evidence) return;
    const shown = evidence.shown;
    const other = evidence.program !== null && !nodePrograms.has(evidence.program);
    const pid1 = evidence.program && !other ? evidence.program : 'node';
    const why = other
      ? `its command starts \`${evidence.program}\` as PID 1 with node under it; with no init, ` +
        "nothing forwards `docker stop`'s SIGTERM to node (a shell as PID 1 forwards no " +
        'signals) or reaps orphaned child processes, so the stop waits the whole grace period ' +
        'and ends in SIGKILL (exit 137).'
      : pid1 === 'node'
        ? 'node installs no SIGTERM handler unless the app does, so `docker stop` waits the ' +
          'whole grace period and then kills it (exit 137), and as PID 1 it never reaps ' +
          'orphaned child processes (zombies).'
        : `${pid1} wraps node in another process layer, and as PID 1 it does not reap ` +
          'orphaned child processes: zombies pile up (Chromium started under npm leaves ' +
          'thousands of them).';
    const related: RelatedLocation[] = [];
    const evidenceNode = ownPair(service.map, evidence.key)?.value;
    const evidenceRange = evidenceNode ? rangeOf(file.lineStarts, evidenceNode) : null;
    if (evidenceRange)
      related.push({ path: file.path, range: evidenceRange, message: `Node.js: ${shown}` });
    const fix = initFix(file, service);
    ctx.report({
      message:
        `Service "${service.name}" runs Node.js (${shown})${other ? '' : ' as PID 1'} without ` +
        `\`init: true\`: ` +
        `${why} ` +
        (other
          ? '`init: true` puts docker-init in front, which reaps orphans and passes SIGTERM to ' +
            `\`${evidence.program}\`; make \`${evidence.program}\` exec node too, so that node ` +
            'itself receives it.'
          : '`init: true` runs docker-init in front of it, which forwards the stop signal and ' +
            'reaps.'),
      range: service.keyRange,
      anchorLines: anchorLines(file, service, ['init', evidence.key]),
      fixes: fix ? [fix] : [],
      related,
    });
  },
};
