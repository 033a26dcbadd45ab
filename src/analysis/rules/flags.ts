// Finding command-line options (JVM, Node) in ENV/ARG values and in the CMD/ENTRYPOINT
// text, with document offsets for edits. One linear scan per instruction.
import type { Instruction } from '../dockerfile/model';
import type { RuntimeAnalysis } from '../runtime-model';
import type { TextEdit } from '../types';
import type { DockerfileModel } from '../dockerfile/model';
import { jvmOptionVariables } from '../knowledge/jvm-flags';
import { parseImageRef } from '../../model/knowledge/images';

export interface FlagHit {
  ins: Instruction;
  token: string;
  /** Offsets in `ins.args`. */
  start: number;
  end: number;
}

const TOKEN = /-{1,2}[A-Za-z_][^\s"',\]\\]*/g;

function tokensOf(ins: Instruction, accept: (t: string) => boolean): FlagHit[] {
  const out: FlagHit[] = [];
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN.exec(ins.args))) {
    const prev = m.index === 0 ? ' ' : ins.args[m.index - 1]!;
    if (!/[\s"'=[,]/.test(prev)) continue;
    if (accept(m[0])) out.push({ ins, token: m[0], start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** Instructions where JVM options live: ENV/ARG of JVM option variables, and a java command. */
export function jvmFlagHits(rt: RuntimeAnalysis, accept: (t: string) => boolean): FlagHit[] {
  const hits: FlagHit[] = [];
  for (const s of rt.command.chain)
    for (const ins of s.instructions) {
      if (
        (ins.keyword === 'ENV' || ins.keyword === 'ARG') &&
        [...jvmOptionVariables].some((v) => ins.args.includes(v))
      )
        hits.push(...tokensOf(ins, accept));
    }
  for (const p of [rt.command.entrypoint, rt.command.cmd])
    if (
      p?.instr &&
      /(^|[\s"/[])java(\s|"|$)/.test(p.instr.args) &&
      !hits.some((h) => h.ins === p.instr)
    )
      hits.push(...tokensOf(p.instr, accept));
  return hits;
}

export function nodeFlagHits(rt: RuntimeAnalysis, accept: (t: string) => boolean): FlagHit[] {
  const hits: FlagHit[] = [];
  for (const s of rt.command.chain)
    for (const ins of s.instructions)
      if ((ins.keyword === 'ENV' || ins.keyword === 'ARG') && ins.args.includes('NODE_OPTIONS'))
        hits.push(...tokensOf(ins, accept));
  for (const p of [rt.command.entrypoint, rt.command.cmd])
    if (
      p?.instr &&
      /(^|[\s"/[])node(js)?(\s|"|$)/.test(p.instr.args) &&
      !hits.some((h) => h.ins === p.instr)
    )
      hits.push(...tokensOf(p.instr, accept));
  return hits;
}

export function hitRange(model: DockerfileModel, h: FlagHit): TextEdit['range'] {
  return model.lines.range(h.ins.argsMap[h.start]!, h.ins.argsMap[h.end]!);
}

/** Removes a token: a whole JSON element with its comma, or the word with one space. */
export function removeTokenEdit(path: string, model: DockerfileModel, h: FlagHit): TextEdit {
  const { ins } = h;
  const el = ins.json
    ? ins.jsonSpans.findIndex((s) => s.start + 1 === h.start && s.end - 1 === h.end)
    : -1;
  let start = h.start;
  let end = h.end;
  if (el >= 0) {
    const span = ins.jsonSpans[el]!;
    const next = ins.jsonSpans[el + 1];
    const prev = ins.jsonSpans[el - 1];
    if (next) [start, end] = [span.start, next.start];
    else if (prev) [start, end] = [prev.end, span.end];
    else [start, end] = [span.start, span.end];
  } else if (/[ \t]/.test(ins.args[end] ?? '')) end++;
  else if (/[ \t]/.test(ins.args[start - 1] ?? '')) start--;
  return { path, range: model.lines.range(ins.argsMap[start]!, ins.argsMap[end]!), newText: '' };
}

/** Java version from well-known JDK image tags (openjdk:8u181, eclipse-temurin:17), or null. */
export function jvmVersionOf(image: string): { major: number; update: number | null } | null {
  const { repository, tag } = parseImageRef(image);
  if (
    !/^(openjdk|java|eclipse-temurin|amazoncorretto|adoptopenjdk|ibmjava|azul\/zulu-openjdk|sapmachine|ibm-semeru-runtimes)$/.test(
      repository,
    ) ||
    !tag
  )
    return null;
  const m = /^(?:openjdk-)?(\d+)(?:u(\d+))?/.exec(tag);
  if (!m) return null;
  return { major: Number(m[1]), update: m[2] ? Number(m[2]) : null };
}
