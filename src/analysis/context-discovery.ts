// Which build context a Dockerfile is built with. Real projects build
// `docker/server/Dockerfile` with the repository root as the context: a compose file, a Bake
// file or a dev container definition says so. This module finds that definition by walking up
// from the Dockerfile's folder (nearest first), and says which file decided and why; without
// one, the context is the Dockerfile's own folder (what `docker build -f X/Dockerfile X` does).
// Pure: the files come in through `DiscoveryFiles`, so the server, the CLI and tests share it.
import * as path from 'node:path';
import { parse as parseJsonc, type ParseError } from 'jsonc-parser';
import { keptOrParsed } from '../model/kept-parses';
import { parse as parseYaml } from '../shared/yaml';

/** How the discovery reads the disk (or editor buffers). Absolute paths. */
export interface DiscoveryFiles {
  /** The text of a file, or undefined when it is absent or unreadable. */
  readText(absolutePath: string): string | undefined;
  /** Names in a folder (empty when it cannot be read). */
  listDir(absolutePath: string): readonly string[];
}

export interface ContextChoice {
  /** Absolute path of the build context's root folder. */
  root: string;
  /** Why this folder, for the hover and the CLI: "compose.yaml service api: build.context ../..". */
  reason: string;
  /** The file that named this context (absolute), null for the Dockerfile's folder. */
  definedBy: string | null;
}

export interface DiscoveryOptions {
  /** Stop walking up here (a workspace folder); default: the first folder holding `.git`. */
  stopAt?: string;
  /** Folders walked at most (a safety bound for paths outside any repository). */
  maxLevels?: number;
  /** Parse every definition, even one that cannot name the Dockerfile (tests of that shortcut). */
  parseEveryDefinition?: boolean;
}

/** A build the definition file declares: its context and Dockerfile, as written. */
interface DeclaredBuild {
  /** `service api`, `target "app"`, `build`. */
  name: string;
  context: string;
  /** Relative to the context (compose, Bake) or to the definition's folder (dev containers). */
  dockerfile: string;
  dockerfileBase: 'context' | 'definition';
  /** The attribute to name in the reason (`build.context`, `context`). */
  contextKey: string;
}

/** The file of the bundle this code runs from: the build whose kept parses these are. */
const owner: string = typeof __filename === 'string' ? __filename : '';

const isDeclaredBuilds = (v: unknown): v is DeclaredBuild[] =>
  Array.isArray(v) &&
  v.every(
    (b) =>
      isRecord(b) &&
      typeof b.name === 'string' &&
      typeof b.context === 'string' &&
      typeof b.dockerfile === 'string' &&
      (b.dockerfileBase === 'context' || b.dockerfileBase === 'definition') &&
      typeof b.contextKey === 'string',
  );

/** Folders beside the code where projects keep their compose and Bake files. */
const definitionFolders = new Set(['docker', '.docker', 'deploy', 'deployment', 'deployments']);
const composeNames = /^(docker-)?compose(\.[\w-]+)*\.ya?ml$/i;
const bakeNames = /^docker-bake(\.override)?\.(hcl|json)$/i;
const remoteContext =
  /^([a-z][a-z0-9+.-]*:\/\/|git@|github\.com\/)|^(docker-image|target|oci-layout):/i;

/** The first definition (nearest folder first) that builds this Dockerfile, else its folder. */
export function discoverBuildContext(
  dockerfilePath: string,
  files: DiscoveryFiles,
  options: DiscoveryOptions = {},
): ContextChoice {
  const dockerfile = path.resolve(dockerfilePath);
  const own = path.dirname(dockerfile);
  const maxLevels = options.maxLevels ?? 12;
  const stopAt = options.stopAt ? path.resolve(options.stopAt) : undefined;
  let dir = own;
  for (let level = 0; level < maxLevels; level++) {
    const names = files.listDir(dir);
    const found =
      matchIn(dir, names, dockerfile, files, options) ??
      // Projects keep their compose files in a folder beside the code (`docker/compose.yml`
      // building `../server/Dockerfile`): look one level into those folders too.
      names
        .filter((n) => definitionFolders.has(n) && path.join(dir, n) !== own)
        .map((n) =>
          matchIn(path.join(dir, n), files.listDir(path.join(dir, n)), dockerfile, files, options),
        )
        .find((m) => m !== null) ??
      null;
    if (found) return found;
    const atStop = stopAt !== undefined ? dir === stopAt : names.includes('.git');
    const up = path.dirname(dir);
    if (atStop || up === dir) break;
    if (stopAt !== undefined && !isInside(stopAt, up)) break;
    dir = up;
  }
  return {
    root: own,
    reason: "the Dockerfile's folder (no compose, Bake or dev container file builds it)",
    definedBy: null,
  };
}

function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function matchIn(
  dir: string,
  names: readonly string[],
  dockerfile: string,
  files: DiscoveryFiles,
  options: DiscoveryOptions,
): ContextChoice | null {
  const candidates: {
    file: string;
    kind: string;
    builds: (text: string) => DeclaredBuild[];
  }[] = [];
  for (const name of [...names].sort(definitionOrder)) {
    const file = path.join(dir, name);
    if (composeNames.test(name))
      candidates.push({ file, kind: 'compose-builds', builds: composeBuilds });
    else if (bakeNames.test(name))
      candidates.push({
        file,
        ...(name.toLowerCase().endsWith('.json')
          ? { kind: 'bake-json-builds', builds: bakeJsonBuilds }
          : { kind: 'bake-hcl-builds', builds: bakeHclBuilds }),
      });
  }
  if (names.includes('.devcontainer')) {
    const folder = path.join(dir, '.devcontainer');
    const inside = files.listDir(folder);
    if (inside.includes('devcontainer.json'))
      candidates.push({
        file: path.join(folder, 'devcontainer.json'),
        kind: 'devcontainer-builds',
        builds: devcontainerBuilds,
      });
    for (const sub of [...inside].sort())
      if (!sub.includes('.') && files.listDir(path.join(folder, sub)).includes('devcontainer.json'))
        candidates.push({
          file: path.join(folder, sub, 'devcontainer.json'),
          kind: 'devcontainer-builds',
          builds: devcontainerBuilds,
        });
  }
  if (names.includes('.devcontainer.json')) {
    const file = path.join(dir, '.devcontainer.json');
    candidates.push({ file, kind: 'devcontainer-builds', builds: devcontainerBuilds });
  }
  for (const { file, kind, builds } of candidates) {
    const base = path.dirname(file);
    const text = files.readText(file);
    if (text === undefined) continue;
    if (!options.parseEveryDefinition && cannotName(text, base, dockerfile)) continue;
    // The builds a definition declares, from an earlier run of this build when it kept them
    // (../model/kept-parses): a compose file above the Dockerfile then costs no YAML parse.
    for (const b of keptOrParsed(owner, kind, text, isDeclaredBuilds, () => builds(text))) {
      if (remoteContext.test(b.context) || /\$\{?\w/.test(b.context + b.dockerfile)) continue;
      const root = path.resolve(base, b.context);
      const target = path.resolve(b.dockerfileBase === 'context' ? root : base, b.dockerfile);
      if (target !== dockerfile) continue;
      return {
        root,
        reason: `${displayName(file, root)} ${b.name}: ${b.contextKey} ${b.context}`,
        definedBy: file,
      };
    }
  }
  return null;
}

/**
 * True when the definition's text cannot name this Dockerfile, so it need not be parsed (a
 * YAML parse is most of a `lint` process's own work when a compose file sits above the
 * Dockerfile). Exact for the builds read here: paths resolve lexically, so a path from the
 * definition's folder down to a folder below it writes that folder's name, and a Dockerfile
 * not called `Dockerfile` (the default everywhere) is named; an alias repeats text that is in
 * the file, and a path with a variable is skipped anyway. A backslash (an escape that could
 * spell a name) turns the shortcut off.
 */
export function cannotName(text: string, definitionFolder: string, dockerfile: string): boolean {
  if (text.includes('\\')) return false;
  const name = path.basename(dockerfile);
  if (name !== 'Dockerfile' && !text.includes(name)) return true;
  const below = path.relative(definitionFolder, path.dirname(dockerfile));
  if (below !== '' && !below.startsWith('..') && !path.isAbsolute(below))
    return !text.includes(path.basename(path.dirname(dockerfile)));
  return false;
}

/** The definition file as a user finds it: relative to the context root when inside it. */
function displayName(file: string, root: string): string {
  return isInside(root, file) ? path.relative(root, file) : path.basename(file);
}

/** compose files first (the usual place), then Bake files, each in Docker's lookup order. */
function definitionOrder(a: string, b: string): number {
  const rank = (n: string) =>
    /^compose\.ya?ml$/i.test(n)
      ? 0
      : /^docker-compose\.ya?ml$/i.test(n)
        ? 1
        : composeNames.test(n)
          ? 2
          : /^docker-bake\.hcl$/i.test(n)
            ? 3
            : /^docker-bake\.json$/i.test(n)
              ? 4
              : 5;
  // Code-unit order, not localeCompare: the same on every machine, and the first
  // localeCompare builds an ICU collator (measured: 11 ms of a 270 ms `lint` process).
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Compose: `build: ./dir` (short syntax) or `build: {context, dockerfile}` (long syntax). */
function composeBuilds(text: string): DeclaredBuild[] {
  let doc: unknown;
  try {
    doc = parseYaml(text, { uniqueKeys: false });
  } catch {
    return []; // a broken compose file names no context; the compose analysis reports it
  }
  if (!isRecord(doc) || !isRecord(doc.services)) return [];
  const out: DeclaredBuild[] = [];
  for (const [service, def] of Object.entries(doc.services)) {
    if (!isRecord(def)) continue;
    const build = def.build;
    if (typeof build === 'string')
      out.push({
        name: `service ${service}`,
        context: build,
        dockerfile: 'Dockerfile',
        dockerfileBase: 'context',
        contextKey: 'build',
      });
    else if (isRecord(build)) {
      const context = typeof build.context === 'string' ? build.context : '.';
      const dockerfile = typeof build.dockerfile === 'string' ? build.dockerfile : 'Dockerfile';
      out.push({
        name: `service ${service}`,
        context,
        dockerfile,
        dockerfileBase: 'context',
        contextKey: typeof build.context === 'string' ? 'build.context' : 'build.dockerfile',
      });
    }
  }
  return out;
}

interface BakeTarget {
  context?: string;
  dockerfile?: string;
  inherits?: string[];
}

/** Bake targets with `inherits` applied (parents first, the target's own attributes win). */
function bakeBuilds(targets: Map<string, BakeTarget>): DeclaredBuild[] {
  const resolved = (name: string, seen: Set<string>): BakeTarget => {
    const t = targets.get(name);
    if (!t || seen.has(name)) return {};
    seen.add(name);
    let merged: BakeTarget = {};
    for (const parent of t.inherits ?? []) merged = { ...merged, ...resolved(parent, seen) };
    return {
      ...merged,
      ...(t.context !== undefined ? { context: t.context } : {}),
      ...(t.dockerfile !== undefined ? { dockerfile: t.dockerfile } : {}),
    };
  };
  return [...targets.keys()].map((name) => {
    const t = resolved(name, new Set());
    return {
      name: `target "${name}"`,
      context: t.context ?? '.',
      dockerfile: t.dockerfile ?? 'Dockerfile',
      dockerfileBase: 'context' as const,
      contextKey: t.context !== undefined ? 'context' : 'dockerfile',
    };
  });
}

function bakeJsonBuilds(text: string): DeclaredBuild[] {
  const errors: ParseError[] = [];
  const doc: unknown = parseJsonc(text, errors, { allowTrailingComma: true });
  if (errors.length > 0 || !isRecord(doc) || !isRecord(doc.target)) return [];
  const targets = new Map<string, BakeTarget>();
  for (const [name, def] of Object.entries(doc.target)) {
    if (!isRecord(def)) continue;
    targets.set(name, {
      context: typeof def.context === 'string' ? def.context : undefined,
      dockerfile: typeof def.dockerfile === 'string' ? def.dockerfile : undefined,
      inherits: Array.isArray(def.inherits)
        ? def.inherits.filter((x): x is string => typeof x === 'string')
        : undefined,
    });
  }
  return bakeBuilds(targets);
}

function bakeHclBuilds(text: string): DeclaredBuild[] {
  const targets = new Map<string, BakeTarget>();
  for (const block of hclBlocks(text)) {
    if (block.type !== 'target' || block.label === null) continue;
    const str = (k: string) => {
      const v = block.attributes.get(k);
      return typeof v === 'string' ? v : undefined;
    };
    const inherits = block.attributes.get('inherits');
    targets.set(block.label, {
      context: str('context'),
      dockerfile: str('dockerfile'),
      inherits: Array.isArray(inherits) ? inherits : undefined,
    });
  }
  return bakeBuilds(targets);
}

/** Dev containers: `build.dockerfile` and `build.context`, both relative to devcontainer.json. */
function devcontainerBuilds(text: string): DeclaredBuild[] {
  const errors: ParseError[] = [];
  const doc: unknown = parseJsonc(text, errors, { allowTrailingComma: true });
  if (!isRecord(doc)) return [];
  const build = isRecord(doc.build) ? doc.build : {};
  // `dockerFile` and `context` at the top level are the older spelling of the same fields.
  const dockerfile = build.dockerfile ?? build.dockerFile ?? doc.dockerFile ?? doc.dockerfile;
  if (typeof dockerfile !== 'string') return [];
  const context = build.context ?? doc.context;
  return [
    {
      name: 'build',
      context: typeof context === 'string' ? context : '.',
      dockerfile,
      dockerfileBase: 'definition',
      contextKey: typeof context === 'string' ? 'build.context' : 'build.dockerfile',
    },
  ];
}

// ---- a small HCL reader, scoped to what Bake files declare --------------------------------

/** An HCL block with one label (`target "app" { ... }`) and its literal attributes. */
export interface HclBlock {
  type: string;
  label: string | null;
  /** Attributes whose value is a literal string or a list of literal strings. */
  attributes: Map<string, string | string[]>;
}

type Token = { line: number } & (
  | { kind: 'ident'; value: string }
  | { kind: 'string'; value: string; interpolated: boolean }
  | { kind: 'punct'; value: string }
  | { kind: 'other' }
);

/**
 * Tokens of HCL's native syntax with their line: identifiers, quoted strings (escapes decoded;
 * `${…}` kept as text and flagged), brackets, `=` and `,`; comments (`#`, `//`, `/* *\/`) and
 * heredocs skipped, operators as `other`. Written here because the npm HCL parsers wrap Go in
 * WebAssembly (asynchronous, megabytes) and Bake files need only blocks and literal attributes.
 */
function hclTokens(text: string): Token[] {
  const out: Token[] = [];
  let line = 0;
  let i = 0;
  const advance = (to: number) => {
    for (; i < to && i < text.length; i++) if (text[i] === '\n') line++;
  };
  while (i < text.length) {
    const c = text[i]!;
    const rest = text.slice(i, i + 2);
    if (c === '#' || rest === '//') {
      const end = text.indexOf('\n', i);
      advance(end < 0 ? text.length : end);
    } else if (rest === '/*') {
      const end = text.indexOf('*/', i + 2);
      advance(end < 0 ? text.length : end + 2);
    } else if (/\s/.test(c)) advance(i + 1);
    else if (c === '"') {
      const at = line;
      let value = '';
      let interpolated = false;
      let depth = 0;
      i++;
      while (i < text.length && (text[i] !== '"' || depth > 0) && text[i] !== '\n') {
        if (text[i] === '\\' && i + 1 < text.length) {
          const e = text[i + 1]!;
          value += e === 'n' ? '\n' : e === 't' ? '\t' : e;
          i += 2;
          continue;
        }
        if ((text[i] === '$' || text[i] === '%') && text[i + 1] === '{') {
          interpolated = true;
          depth++;
        } else if (text[i] === '}' && depth > 0) depth--;
        value += text[i];
        i++;
      }
      if (text[i] === '"') i++;
      out.push({ line: at, kind: 'string', value, interpolated });
    } else if (rest === '<<') {
      const m = /^<<-?([A-Za-z_]\w*)[^\n]*\n/.exec(text.slice(i));
      out.push({ line, kind: 'other' });
      if (!m) advance(i + 2);
      else {
        const body = text.slice(i + m[0].length);
        const end = new RegExp(`^\\s*${m[1]}\\s*$`, 'm').exec(body);
        advance(i + m[0].length + (end ? end.index + end[0].length : body.length));
      }
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][\w-]*/.exec(text.slice(i))!;
      out.push({ line, kind: 'ident', value: m[0] });
      i += m[0].length;
    } else if (
      '{}[]()'.includes(c) ||
      c === ',' ||
      (c === '=' && !/[=>]/.test(text[i + 1] ?? ''))
    ) {
      out.push({ line, kind: 'punct', value: c });
      i++;
    } else {
      out.push({ line, kind: 'other' });
      i += /^(==|!=|>=|<=|=>|&&|\|\|)/.test(rest) ? 2 : 1;
    }
  }
  return out;
}

const isPunct = (t: Token | undefined, chars: string): boolean =>
  t?.kind === 'punct' && chars.includes(t.value);

/**
 * The expression starting at `start`: HCL ends an attribute at the end of its line, unless
 * brackets are open. Returns the index after it.
 */
function expressionEnd(tokens: Token[], start: number): number {
  let depth = 0;
  let line = tokens[start]?.line ?? 0;
  let i = start;
  for (; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (depth === 0 && t.line !== line) break;
    if (isPunct(t, '{[(')) depth++;
    else if (isPunct(t, '}])')) {
      if (depth === 0) break;
      depth--;
      line = t.line; // the expression goes on to the line that closes the bracket
    }
  }
  return i;
}

/** Top-level blocks of an HCL file with their literal attributes; anything else is skipped. */
export function hclBlocks(text: string): HclBlock[] {
  const tokens = hclTokens(text);
  const blocks: HclBlock[] = [];
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i]!;
    const labelTok = tokens[i + 1];
    const hasLabel = labelTok?.kind === 'string';
    if (t.kind !== 'ident' || !isPunct(tokens[i + (hasLabel ? 2 : 1)], '{')) {
      i = t.kind === 'ident' && isPunct(tokens[i + 1], '=') ? expressionEnd(tokens, i + 2) : i + 1;
      continue;
    }
    const block: HclBlock = {
      type: t.value,
      label: labelTok?.kind === 'string' && !labelTok.interpolated ? labelTok.value : null,
      attributes: new Map(),
    };
    i += hasLabel ? 3 : 2;
    while (i < tokens.length && !isPunct(tokens[i], '}')) {
      const a = tokens[i]!;
      if (a.kind === 'ident' && isPunct(tokens[i + 1], '=')) {
        const end = expressionEnd(tokens, i + 2);
        const value = literalValue(tokens.slice(i + 2, end));
        if (value !== undefined) block.attributes.set(a.value, value);
        i = end;
      } else if (isPunct(a, '{'))
        i = expressionEnd(tokens, i); // a nested block, skipped
      else i++;
    }
    i++;
    blocks.push(block);
  }
  return blocks;
}

/** A literal string, or a list of literal strings; undefined for any other expression. */
function literalValue(expr: Token[]): string | string[] | undefined {
  const [first] = expr;
  if (expr.length === 1 && first?.kind === 'string' && !first.interpolated) return first.value;
  if (!isPunct(first, '[') || !isPunct(expr[expr.length - 1], ']')) return undefined;
  const list: string[] = [];
  for (const t of expr.slice(1, -1)) {
    if (t.kind === 'string' && !t.interpolated) list.push(t.value);
    else if (!isPunct(t, ',')) return undefined;
  }
  return list;
}
