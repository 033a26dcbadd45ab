// A Dockerfile parsed once (dockerfile-ast for the instruction structure, our own linear
// scanning for arguments) into stages and instructions with document offsets.
import type { Range } from '../types';
import { imageFamily, type ImageFamily } from '../../model/knowledge/images';
import { LineIndex, joinContinuations } from './text';
import { installLinearOrganizeComments } from './linear-organize-comments';
import { leanParse } from './lean-parse';
import { maySuppress, parseSuppressionComment } from '../rules/suppressions';

export interface Instruction {
  keyword: string;
  range: Range;
  start: number;
  end: number;
  /** Arguments with continuations removed; `argsMap[i]` is the document offset of `args[i]`. */
  args: string;
  argsMap: number[];
  /** Exec form: the JSON array's strings (Docker falls back to shell form when it is not valid JSON). */
  json: string[] | null;
  /** Spans of each JSON string (quotes included) in `args`. */
  jsonSpans: { start: number; end: number }[];
  stage: number;
}

export interface Stage {
  index: number;
  name: string | null;
  /** Image with build args from before the first FROM substituted. */
  image: string;
  /** Index of the earlier stage this one builds on (`FROM builder`), or null for an external image. */
  parent: number | null;
  family: ImageFamily | null;
  from: Instruction;
  instructions: Instruction[];
}

export interface DockerfileModel {
  text: string;
  lines: LineIndex;
  escape: string;
  stages: Stage[];
  /** Line → rule ids suppressed there (`*` = all) by the comment above its instruction (rules/suppressions.ts). */
  suppressions: Map<number, Set<string>>;
  windows: boolean;
}

export function parseDockerfile(text: string): DockerfileModel {
  const lines = new LineIndex(text);
  // dockerfile-ast's comment-to-stage step is comments x stages; the linear version gives the
  // same result (idempotent: installed on the first parse).
  installLinearOrganizeComments();
  // Only the instructions' keywords and ranges are read: the lean parse skips the rest.
  const ast = leanParse(text);
  const escape = ast.getEscapeCharacter() === '`' ? '`' : '\\';
  const stages: Stage[] = [];
  const preFromArgs = new Map<string, string>();
  const suppressions = new Map<number, Set<string>>();
  const byName = new Map<string, number>();
  let windows = escape === '`';
  // Most files have no suppression comment: then no line needs to be read for one.
  const mayHoldSuppressions = maySuppress(text);
  for (const ai of ast.getInstructions()) {
    const range = ai.getRange();
    const keyword = ai.getKeyword().toUpperCase();
    const start = lines.offsetAt(range.start);
    const end = lines.offsetAt(range.end);
    const kwEnd = lines.offsetAt(ai.getInstructionRange().end);
    const { content, map } = joinContinuations(text, kwEnd, end, escape);
    const lead = content.length - content.trimStart().length;
    const args = content.trim();
    const argsMap = map.slice(lead, lead + args.length + 1);
    const ins: Instruction = {
      keyword,
      range,
      start,
      end,
      args,
      argsMap,
      json: null,
      jsonSpans: [],
      stage: stages.length - 1,
    };
    if (
      keyword === 'CMD' ||
      keyword === 'ENTRYPOINT' ||
      keyword === 'SHELL' ||
      keyword === 'COPY' ||
      keyword === 'ADD' ||
      keyword === 'RUN'
    ) {
      const parsed = parseJsonArray(args);
      if (parsed) {
        ins.json = parsed.values;
        ins.jsonSpans = parsed.spans;
      }
    }
    const sup =
      mayHoldSuppressions && range.start.line > 0
        ? parseSuppressionComment(lines.lineText(range.start.line - 1))
        : null;
    if (sup) {
      const set = new Set(sup.rules);
      for (let l = range.start.line; l <= range.end.line; l++) suppressions.set(l, set);
    }
    if (keyword === 'FROM') {
      const tokens = args.split(/\s+/).filter((t) => !t.startsWith('--'));
      const imageRaw = tokens[0] ?? '';
      const name =
        tokens.length >= 3 && tokens[1]!.toUpperCase() === 'AS' ? tokens[2]!.toLowerCase() : null;
      const image = substitute(imageRaw, preFromArgs);
      const parent = byName.get(image.toLowerCase()) ?? null;
      const family = parent !== null ? stages[parent]!.family : imageFamily(image);
      if (family === 'windows') windows = true;
      ins.stage = stages.length;
      stages.push({
        index: stages.length,
        name,
        image,
        parent,
        family,
        from: ins,
        instructions: [],
      });
      if (name) byName.set(name, stages.length - 1);
      continue;
    }
    if (stages.length === 0) {
      if (keyword === 'ARG') for (const [k, v] of parseAssignments(args)) preFromArgs.set(k, v);
      continue;
    }
    if (keyword === 'SHELL' && ins.json && /powershell|pwsh|cmd(\.exe)?$/i.test(ins.json[0] ?? ''))
      windows = true;
    stages[stages.length - 1]!.instructions.push(ins);
  }
  return { text, lines, escape, stages, suppressions, windows };
}

/** `${X}`, `$X`, `${X:-d}` from the pre-FROM ARG defaults. */
function substitute(s: string, vars: Map<string, string>): string {
  return s.replace(
    /\$\{(\w+)(?::?[-+]([^}]*))?\}|\$(\w+)/g,
    (_m, a: string, d: string | undefined, b: string) => {
      const v = vars.get(a ?? b);
      return v !== undefined && v !== '' ? v : (d ?? '');
    },
  );
}

/** `K=V K2="v 2"` (ARG/ENV) and the legacy `ENV K V`. Quotes removed. */
export function parseAssignments(args: string): [string, string][] {
  const out: [string, string][] = [];
  const m = /^(\w[\w.-]*)\s+([^=]*)$/.exec(args);
  if (m && !args.includes('=')) return [[m[1]!, unquote(m[2]!.trim())]];
  if (m && !/^\w[\w.-]*=/.test(args)) return [[m[1]!, unquote(m[2]!.trim())]];
  const re = /(\w[\w.-]*)(?:=("(?:[^"\\]|\\.)*"|'[^']*'|(?:[^\s"'\\]|\\.)*))?/g;
  let r: RegExpExecArray | null;
  while ((r = re.exec(args))) {
    if (r[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    out.push([r[1]!, unquote(r[2] ?? '')]);
  }
  return out;
}

function unquote(v: string): string {
  if (v.length >= 2 && v.startsWith('"') && v.endsWith('"'))
    return v.slice(1, -1).replace(/\\(.)/g, '$1');
  if (v.length >= 2 && v.startsWith("'") && v.endsWith("'")) return v.slice(1, -1);
  return v.replace(/\\(.)/g, '$1');
}

/** A JSON array of strings, as Docker's exec form requires; null otherwise. */
export function parseJsonArray(
  s: string,
): { values: string[]; spans: { start: number; end: number }[] } | null {
  if (!s.startsWith('[') || !s.endsWith(']')) return null;
  let values: unknown;
  try {
    values = JSON.parse(s);
  } catch {
    return null;
  }
  if (!Array.isArray(values) || !values.every((v) => typeof v === 'string')) return null;
  const spans: { start: number; end: number }[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== '"') continue;
    const start = i;
    for (i++; i < s.length && s[i] !== '"'; i++) if (s[i] === '\\') i++;
    spans.push({ start, end: i + 1 });
  }
  return { values: values as string[], spans };
}
