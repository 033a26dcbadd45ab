// compose-shell-command: `command: sh -c "…"` (or the same in `entrypoint:`) where the
// shell stays PID 1: it has no TERM handler, so `docker stop` waits the grace period and
// SIGKILLs, and the program under it never sees the signal. Whether the shell stays is
// the measured table of docs/measurements.md, per shell family and command shape (shared with the
// Dockerfile rules through src/model/shell/).
import { isSeq, type Node } from '../../../shared/yaml';
import {
  families,
  imageFamily,
  inheritedConfig,
  type ShellFamily,
} from '../../../model/knowledge/images';
import {
  analyseDashC,
  describeStay,
  shellStays,
  type DashCAnalysis,
} from '../../../model/shell/exec-optimisation';
import type { Fix, Severity } from '../../types';
import {
  anchorLines,
  ownPair,
  positionAt,
  rangeOf,
  type ComposeFile,
  type ComposeService,
} from '../document';
import { meta, type ComposeRule } from '../../rules/rule';
import { scalarValueOffset, splitWords } from '../words';

const shells: Record<string, ShellFamily | 'sh'> = {
  sh: 'sh',
  bash: 'bash',
  ash: 'ash',
  dash: 'dash',
};
const allFamilies: ShellFamily[] = ['dash', 'bash', 'ash'];
/** Builtins with no program of the same name: `exec cd` would fail. */
const builtinsWithoutProgram = new Set([
  'cd',
  'export',
  'set',
  'unset',
  'shift',
  'alias',
  'umask',
  'ulimit',
  'readonly',
  'local',
  'exec',
  'eval',
  '.',
  'source',
]);

/** One argv element and where its characters are in the file (when it can be edited). */
interface Arg {
  value: string;
  /** File offset of character i of `value`, or null when the source cannot be edited in place. */
  offsetOf: (i: number) => number | null;
}

/** argv of `command:` or `entrypoint:` as compose builds it, with source positions. */
function argsOf(file: ComposeFile, service: ComposeService, key: string): Arg[] | null {
  const value = service.effective?.[key];
  const node = ownPair(service.map, key)?.value ?? null;
  const own = node !== null && service.own[key] === value;
  if (typeof value === 'string') {
    return splitWords(value).map((w) => ({
      value: w.text,
      offsetOf: (i) => (own && node ? scalarValueOffset(file.text, node, w.at[i]) : null),
    }));
  }
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
    const items: (Node | null)[] = own && node && isSeq(node) ? (node.items as Node[]) : [];
    return (value as string[]).map((v, k) => ({
      value: v,
      offsetOf: (i) => {
        const item = items[k];
        return item ? scalarValueOffset(file.text, item, i) : null;
      },
    }));
  }
  return null;
}

function nonEmpty(args: Arg[] | null): args is Arg[] {
  return args !== null && args.length > 0;
}

export interface ShellUse {
  key: 'command' | 'entrypoint';
  shell: string;
  script: Arg;
  /** The argv reaches the container as is (no image ENTRYPOINT in front that we do not know). */
  certainArgv: boolean;
}

/** The `sh -c SCRIPT` a service runs as its argv (entrypoint, or command), if any. */
export function shellUse(file: ComposeFile, service: ComposeService): ShellUse | null {
  const value = service.effective;
  if (!value) return null;
  const entrypoint = argsOf(file, service, 'entrypoint');
  const command = argsOf(file, service, 'command');
  let argv: Arg[];
  let key: 'command' | 'entrypoint';
  let certainArgv = true;
  if (nonEmpty(entrypoint)) {
    argv = [...entrypoint, ...(command ?? [])];
    key = entrypoint.length >= 3 ? 'entrypoint' : 'command';
  } else if (nonEmpty(command)) {
    argv = command;
    key = 'command';
    // The image's own ENTRYPOINT receives `command` as arguments: known official images
    // either have none or exec them (`exec "$@"`); anything else is not known here.
    const image = value['image'];
    const inherited = typeof image === 'string' ? inheritedConfig(image) : null;
    if (inherited && inherited.entrypoint && !inherited.entrypointExecs) return null;
    certainArgv = inherited !== null;
  } else return null;
  const shell = shells[argv[0].value.split('/').pop() ?? ''];
  if (!shell || argv.length < 3 || !/^-[a-z]*c[a-z]*$/.test(argv[1].value)) return null;
  return { key, shell: argv[0].value, script: argv[2], certainArgv };
}

function familiesFor(shellName: string, image: unknown): ShellFamily[] {
  const base = shells[shellName.split('/').pop() ?? ''];
  if (base && base !== 'sh') return [base];
  const family = typeof image === 'string' ? imageFamily(image) : null;
  const sh = family ? families[family].shell : null;
  return sh ? [sh] : allFamilies;
}

function execFix(
  file: ComposeFile,
  service: ComposeService,
  use: ShellUse,
  dash: DashCAnalysis,
): Fix | null {
  const first = dash.lastWords[0];
  const last = dash.last;
  if (!first || !last || first.value === null || builtinsWithoutProgram.has(first.value))
    return null;
  if (last.command.kind !== 'simple' || last.command.assigns > 0) return null;
  if (!['simple', 'list', 'and', 'or', 'redirect'].includes(dash.shape)) return null;
  const offset = use.script.offsetOf(first.start);
  if (offset === null) return null;
  const at = positionAt(file.lineStarts, offset);
  return {
    title: `Make the shell exec \`${first.value}\` (it replaces the shell as PID 1)`,
    preferred: true,
    edits: [{ path: file.path, range: { start: at, end: at }, newText: 'exec ' }],
  };
}

export const composeShellCommand: ComposeRule = {
  meta: meta({
    id: 'compose-shell-command',
    appliesTo: 'compose',
    defaultSeverity: 'warning',
    title: 'A compose command whose `sh -c` stays PID 1',
    description: 'a compose `command:`/`entrypoint:` whose `sh -c` stays PID 1',
    why: 'Measured: a shell left as PID 1 (dash, bash or ash) has no SIGTERM handler; `docker stop` waits the grace period, then SIGKILL (exit 137).',
    fixable: true,
  }),
  check(ctx) {
    const { file, service } = ctx;
    const value = service.effective;
    if (!value || value['init'] === true) return;
    const use = shellUse(file, service);
    if (!use) return;
    const dash = analyseDashC(use.script.value);
    const candidates = familiesFor(use.shell, value['image']);
    const stays = candidates.map((f) => shellStays(f, dash.shape));
    if (!stays.some((s) => s === true)) return;
    const certain = use.certainArgv && stays.every((s) => s === true);
    const severity: Severity | undefined = certain ? undefined : 'info';
    const reasons = candidates
      .map((f, i) => describeStay(f, dash.shape, stays[i]))
      .filter((_, i) => stays[i] === true);
    const fix = execFix(file, service, use, dash);
    const evidence = ownPair(service.map, use.key)?.value;
    const range = (evidence && rangeOf(file.lineStarts, evidence)) || service.keyRange;
    const unknown = certain
      ? ''
      : candidates.length > 1
        ? " (the image's /bin/sh is not known from its name)"
        : " (the image's ENTRYPOINT, which receives this command, is not known)";
    ctx.report({
      message:
        `Service "${service.name}": \`${use.shell} -c\` stays PID 1 and runs the command as its ` +
        `child${unknown}: ${reasons.join('; ')}. The shell installs no SIGTERM handler, so ` +
        '`docker stop` waits the grace period and then kills everything (exit 137).' +
        (fix ? ' Adding `exec` makes the last command replace the shell.' : ''),
      range,
      anchorLines: anchorLines(file, service, [use.key]),
      fixes: fix ? [fix] : [],
      related: [],
      ...(severity ? { severity } : {}),
    });
  },
};
