// A compose service's memory as the container will see it: the limit (mem_limit,
// deploy.resources.limits.memory), and every place a heap can be set — the service's
// command, entrypoint and environment, over the command and ENV of the Dockerfile it is
// built from when that Dockerfile is in the workspace (compose's overrides applied:
// `entrypoint` replaces ENTRYPOINT and drops CMD, `command` replaces CMD, `environment`
// replaces a variable of the same name).
import { isMap, isScalar, isSeq, type Node, type Pair, type Scalar } from '../../shared/yaml';
import type { BuildContext } from '../types';
import {
  isRecord,
  ownPair,
  positionAt,
  type ComposeFile,
  type ComposeService,
} from '../compose/document';
import { parseDockerfile, type Instruction } from '../dockerfile/model';
import { effectiveCommand } from '../dockerfile/command';
import type { Located, Place } from '../../model/memory/options';
import { parseDockerSize } from '../../model/memory/sizes';

export interface MemoryLimit {
  bytes: number;
  /** `mem_limit` or `deploy.resources.limits.memory`. */
  key: string;
  /** The scalar written in this service (null when it comes from a merge key or extends). */
  node: Scalar | null;
  text: string;
}

export interface ServiceMemory {
  places: Place[];
  /** The smallest limit set; null when none (or an interpolated one). */
  limit: MemoryLimit | null;
  /** Every limit written in the service itself, for the raise-the-limit fix. */
  limits: MemoryLimit[];
  memswap: number | null;
  runsNode: boolean;
  /** The Dockerfile the service is built from, when read. */
  dockerfile: string | null;
}

function scalarPlace(
  file: ComposeFile,
  node: Scalar,
  place: Omit<Place, 'locate' | 'text'>,
  text: string,
  prefix = 0,
): Place {
  return {
    ...place,
    text,
    locate(start, end): Located | null {
      const r = node.range;
      if (
        !r ||
        (node.type !== 'PLAIN' && node.type !== 'QUOTE_DOUBLE' && node.type !== 'QUOTE_SINGLE')
      )
        return null;
      const s = r[0] + (node.type === 'PLAIN' ? 0 : 1) + prefix + start;
      const e = s + (end - start);
      if (file.text.slice(s, e) !== text.slice(start, end)) return null; // escapes: no exact spot
      return {
        path: file.path,
        range: { start: positionAt(file.lineStarts, s), end: positionAt(file.lineStarts, e) },
      };
    },
  };
}

function commandPlaces(
  file: ComposeFile,
  node: Node | null | undefined,
  key: string,
  order: number,
): Place[] {
  const label = `compose ${key}`;
  if (isScalar(node) && typeof node.value === 'string')
    return [scalarPlace(file, node, { kind: 'command', label, order }, node.value)];
  if (isSeq(node))
    return node.items.flatMap((item, i) =>
      isScalar(item) && typeof item.value === 'string'
        ? [scalarPlace(file, item, { kind: 'command', label, order: order + i / 1000 }, item.value)]
        : [],
    );
  return [];
}

function environmentPlaces(file: ComposeFile, node: Node | null | undefined): Place[] {
  const out: Place[] = [];
  if (isMap(node)) {
    for (const item of node.items as Pair<unknown, unknown>[]) {
      if (!isScalar(item.key) || !isScalar(item.value) || item.value.value === null) continue;
      const name = String(item.key.value);
      out.push(
        scalarPlace(
          file,
          item.value,
          { kind: 'env', name, label: `compose environment ${name}`, order: 0 },
          String(item.value.value),
        ),
      );
    }
  } else if (isSeq(node)) {
    for (const item of node.items) {
      if (!isScalar(item) || typeof item.value !== 'string') continue;
      const eq = item.value.indexOf('=');
      if (eq <= 0) continue;
      const name = item.value.slice(0, eq);
      out.push(
        scalarPlace(
          file,
          item,
          { kind: 'env', name, label: `compose environment ${name}`, order: 0 },
          item.value.slice(eq + 1),
          eq + 1,
        ),
      );
    }
  }
  return out;
}

/** The span of an ENV variable's value in the instruction's arguments (quotes excluded). */
export function envValueSpan(args: string, name: string): { start: number; end: number } | null {
  const re = new RegExp(`(^|\\s)${name.replace(/[.]/g, '\\.')}(=|\\s+)`);
  const m = re.exec(args);
  if (!m) return null;
  const start = m.index + m[0].length;
  if (m[2] !== '=') return { start, end: args.length }; // legacy `ENV NAME value`
  const q = args[start];
  if (q === '"' || q === "'") {
    const close = args.indexOf(q, start + 1);
    return close < 0 ? null : { start: start + 1, end: close };
  }
  let end = start;
  while (end < args.length && !/\s/.test(args[end]!)) end++;
  return { start, end };
}

interface BuiltFrom {
  path: string;
  relative: string;
  entrypoint: Place | null;
  cmd: Place | null;
  env: Place[];
  rootImage: string;
}

function instructionPlace(
  path: string,
  model: ReturnType<typeof parseDockerfile>,
  ins: Instruction,
  span: { start: number; end: number },
  place: Omit<Place, 'locate' | 'text'>,
): Place {
  const text = ins.args.slice(span.start, span.end);
  return {
    ...place,
    text,
    locate(start, end) {
      const s = ins.argsMap[span.start + start];
      const e = ins.argsMap[span.start + end];
      if (s === undefined || e === undefined) return null;
      return { path, range: model.lines.range(s, e) };
    },
  };
}

function joinPath(...parts: string[]): string {
  const out: string[] = [];
  for (const seg of parts.join('/').split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return out.join('/');
}

/** The Dockerfile a service is built from, read through the compose file's folder. */
function builtFrom(build: unknown, context: BuildContext): BuiltFrom | null {
  let dir: unknown = build;
  let dockerfile: unknown = 'Dockerfile';
  let target: unknown;
  if (isRecord(build)) {
    dir = build['context'] ?? '.';
    dockerfile = build['dockerfile'] ?? 'Dockerfile';
    target = build['target'];
  }
  if (typeof dir !== 'string' || typeof dockerfile !== 'string') return null;
  if (/^[a-z]+:\/\/|^git@/i.test(dir) || dir.startsWith('/') || dockerfile.startsWith('/'))
    return null;
  const relative = joinPath(dir, dockerfile);
  const text = context.readFile(relative);
  if (text === undefined) return null;
  const model = parseDockerfile(text);
  const stage =
    (typeof target === 'string' && model.stages.find((s) => s.name === target.toLowerCase())) ||
    model.stages.at(-1);
  if (!stage || model.windows) return null;
  const command = effectiveCommand(model, stage);
  const path = context.pathOf(relative);
  const whole = (ins: Instruction) => ({ start: 0, end: ins.args.length });
  const part = (p: typeof command.cmd, key: string, order: number): Place | null =>
    p?.instr
      ? instructionPlace(path, model, p.instr, whole(p.instr), {
          kind: 'command',
          label: `Dockerfile ${key}`,
          order,
        })
      : null;
  const env: Place[] = [];
  for (const [name, { instr }] of command.env) {
    const span = envValueSpan(instr.args, name);
    if (span)
      env.push(
        instructionPlace(path, model, instr, span, {
          kind: 'env',
          name,
          label: `Dockerfile ENV ${name}`,
          order: 0,
        }),
      );
  }
  return {
    path,
    relative,
    entrypoint: part(command.entrypoint, 'ENTRYPOINT', 1),
    cmd: part(command.cmd, 'CMD', 2),
    env,
    rootImage: command.rootImage,
  };
}

const nodeWord = /(^|[\s"'/[,=])(node|nodejs|npm|npx|yarn|pnpm)(?=$|[\s"',\]])/;

/** `node`, `node:20-alpine`, `docker.io/library/node@sha256:…`. */
export function isNodeImage(image: unknown): boolean {
  if (typeof image !== 'string') return false;
  const last = image.split('@')[0]!.split('/').pop() ?? '';
  return last.split(':')[0] === 'node';
}

function limitAt(service: ComposeService, path: string[], resolved: unknown): MemoryLimit | null {
  const bytes = parseDockerSize(resolved);
  if (bytes === null || bytes <= 0) return null;
  let map: Node | null | undefined = service.map;
  let node: Scalar | null = null;
  for (const [i, key] of path.entries()) {
    const pair: Pair<Node, Node | null> | undefined = isMap(map) ? ownPair(map, key) : undefined;
    if (!pair) break;
    if (i === path.length - 1 && isScalar(pair.value)) node = pair.value;
    map = pair.value;
  }
  return { bytes, key: path.join('.'), node, text: String(resolved) };
}

export function serviceMemory(
  file: ComposeFile,
  service: ComposeService,
  context: BuildContext,
): ServiceMemory | null {
  const value = service.effective;
  if (!value) return null;
  const deploy = value['deploy'];
  const limitsValue =
    isRecord(deploy) && isRecord(deploy['resources']) && isRecord(deploy['resources']['limits'])
      ? deploy['resources']['limits']['memory']
      : undefined;
  const limits = [
    limitAt(service, ['deploy', 'resources', 'limits', 'memory'], limitsValue),
    limitAt(service, ['mem_limit'], value['mem_limit']),
  ].filter((l): l is MemoryLimit => l !== null);
  const limit = limits.reduce<MemoryLimit | null>(
    (a, b) => (a && a.bytes <= b.bytes ? a : b),
    null,
  );
  const memswapRaw = value['memswap_limit'];
  const memswap = memswapRaw === -1 || memswapRaw === '-1' ? -1 : parseDockerSize(memswapRaw);

  const built = value['build'] !== undefined ? builtFrom(value['build'], context) : null;
  const own = (key: string) => ownPair(service.map, key)?.value;
  const entrypoint = own('entrypoint');
  const command = own('command');
  const places: Place[] = [];
  if (value['entrypoint'] !== undefined)
    places.push(...commandPlaces(file, entrypoint, 'entrypoint', 1));
  else if (built?.entrypoint) places.push(built.entrypoint);
  if (value['command'] !== undefined) places.push(...commandPlaces(file, command, 'command', 2));
  else if (built?.cmd && value['entrypoint'] === undefined) places.push(built.cmd);
  const envPlaces = environmentPlaces(file, own('environment'));
  const overridden = new Set(envPlaces.map((p) => p.name));
  places.push(...(built?.env.filter((p) => !overridden.has(p.name)) ?? []), ...envPlaces);

  const image = built ? built.rootImage : value['image'];
  const runsNode =
    places.some((p) => p.kind === 'command' && nodeWord.test(p.text)) ||
    (isNodeImage(image) && !places.some((p) => p.kind === 'command'));
  return { places, limit, limits, memswap, runsNode, dockerfile: built?.path ?? null };
}
