// Where a heap is set, read from text: a command line, or an environment variable's value.
// A `Place` is one such text plus a way to point into the file it came from (a compose
// scalar, a Dockerfile instruction, or nothing for a live container's config), so the same
// reading serves squiggles, quick fixes and the explorer.
import { parseDotnetHex, parseGoSize, parseJvmSize, bytesPerMiB } from './sizes';

/** A span of a document: 0-based line and UTF-16 character, as LSP (and the analysis) use. */
export interface Located {
  path: string;
  range: {
    start: { line: number; character: number };
    end: { line: number; character: number };
  };
}

export interface Place {
  kind: 'command' | 'env';
  /** The variable, for `env` places. */
  name?: string;
  text: string;
  /** How users find it: `compose command`, `Dockerfile ENV JAVA_TOOL_OPTIONS`, ... */
  label: string;
  /** The document range of text[start, end), or null when it cannot be pointed at exactly. */
  locate(start: number, end: number): Located | null;
  /** Reading order among the places of one container (later settings win). */
  order: number;
}

export type HeapRuntime = 'jvm' | 'node' | 'go' | 'dotnet';

export type HeapOptionKind =
  | 'max-heap'
  | 'initial-heap'
  | 'ram-percentage'
  | 'max-ram'
  | 'container-support'
  | 'old-space'
  | 'go-memory-limit'
  | 'dotnet-hard-limit';

export interface HeapOption {
  runtime: HeapRuntime;
  kind: HeapOptionKind;
  token: string;
  /** Offsets of the token in place.text. */
  start: number;
  end: number;
  /** Bytes for sizes; the percentage for ram-percentage; 1/0 for container-support on/off. */
  value: number;
  place: Place;
  /** Reading order: later wins (the JVM and Node both take the last occurrence). */
  order: number;
}

/** Variables the JVM itself reads, whatever the command (JDK_JAVA_OPTIONS: the `java` launcher, 9+). */
export const jvmSelfReadVariables = ['JAVA_TOOL_OPTIONS', 'JDK_JAVA_OPTIONS', '_JAVA_OPTIONS'];
/** Variables that only count when the command expands them (`java $JAVA_OPTS -jar …`). */
export const jvmScriptVariables = ['JAVA_OPTS', 'JVM_OPTS', 'CATALINA_OPTS', 'JAVA_OPTIONS'];

const TOKEN = /-{1,2}[A-Za-z_][^\s"',\]\\]*/g;

function jvmOption(token: string): Pick<HeapOption, 'kind' | 'value'> | null {
  let m = /^-Xmx(\w+)$/.exec(token) ?? /^-XX:MaxHeapSize=(\w+)$/.exec(token);
  if (m) {
    const b = parseJvmSize(m[1]!);
    return b === null ? null : { kind: 'max-heap', value: b };
  }
  m = /^-Xms(\w+)$/.exec(token) ?? /^-XX:InitialHeapSize=(\w+)$/.exec(token);
  if (m) {
    const b = parseJvmSize(m[1]!);
    return b === null ? null : { kind: 'initial-heap', value: b };
  }
  m = /^-XX:MaxRAMPercentage=(\d+(?:\.\d+)?)$/.exec(token);
  if (m) return { kind: 'ram-percentage', value: Number(m[1]) };
  m = /^-XX:MaxRAM=(\w+)$/.exec(token);
  if (m) {
    const b = parseJvmSize(m[1]!);
    return b === null ? null : { kind: 'max-ram', value: b };
  }
  m = /^-XX:([+-])UseContainerSupport$/.exec(token);
  if (m) return { kind: 'container-support', value: m[1] === '+' ? 1 : 0 };
  return null;
}

function nodeOption(token: string): Pick<HeapOption, 'kind' | 'value'> | null {
  const m = /^--max[-_]old[-_]space[-_]size=(\d+)$/.exec(token);
  return m ? { kind: 'old-space', value: Number(m[1]) * bytesPerMiB } : null;
}

/** Option tokens of a command line or an options variable, with their offsets. */
function tokens(text: string): { token: string; start: number }[] {
  const out: { token: string; start: number }[] = [];
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN.exec(text))) {
    const prev = m.index === 0 ? ' ' : text[m.index - 1]!;
    if (/[\s"'=[,]/.test(prev)) out.push({ token: m[0], start: m.index });
  }
  return out;
}

function scan(place: Place, runtimes: ('jvm' | 'node')[], order: number): HeapOption[] {
  const out: HeapOption[] = [];
  for (const { token, start } of tokens(place.text)) {
    for (const runtime of runtimes) {
      const o = runtime === 'jvm' ? jvmOption(token) : nodeOption(token);
      if (o) out.push({ runtime, ...o, token, start, end: start + token.length, place, order });
    }
  }
  return out;
}

/** Does the command text expand this variable (`$JAVA_OPTS`, `${JAVA_OPTS}`)? */
export function expandsVariable(text: string, name: string): number {
  const m = new RegExp(`\\$(?:\\{${name}(?:[:}]|[-+=?])|${name}(?![A-Za-z0-9_]))`).exec(text);
  return m ? m.index : -1;
}

/**
 * Every heap setting the runtime in this container reads, in the order it reads them (later
 * wins): JAVA_TOOL_OPTIONS and JDK_JAVA_OPTIONS, then the command line (a variable the
 * command expands counts where it is expanded), then _JAVA_OPTIONS; NODE_OPTIONS, then the
 * command line; GOMEMLIMIT; DOTNET_GCHeapHardLimit.
 */
export function heapOptions(places: readonly Place[]): HeapOption[] {
  const commands = places.filter((p) => p.kind === 'command');
  const out: HeapOption[] = [];
  for (const place of places) {
    if (place.kind === 'command') {
      out.push(...scan(place, ['jvm', 'node'], 2000 + place.order * 10));
      continue;
    }
    const name = place.name ?? '';
    if (name === 'JAVA_TOOL_OPTIONS' || name === 'JDK_JAVA_OPTIONS')
      out.push(...scan(place, ['jvm'], name === 'JAVA_TOOL_OPTIONS' ? 0 : 1000));
    else if (name === '_JAVA_OPTIONS') out.push(...scan(place, ['jvm'], 9000));
    else if (jvmScriptVariables.includes(name)) {
      for (const c of commands) {
        if (expandsVariable(c.text, name) >= 0)
          out.push(...scan(place, ['jvm'], 2000 + c.order * 10 + 5));
      }
    } else if (name === 'NODE_OPTIONS') out.push(...scan(place, ['node'], 1000));
    else if (name === 'GOMEMLIMIT') {
      const value = parseGoSize(place.text);
      if (value !== null) out.push(whole(place, 'go', 'go-memory-limit', value));
    } else if (name === 'DOTNET_GCHeapHardLimit' || name === 'COMPlus_GCHeapHardLimit') {
      const value = parseDotnetHex(place.text);
      if (value !== null) out.push(whole(place, 'dotnet', 'dotnet-hard-limit', value));
    }
  }
  return out.sort((a, b) => a.order - b.order || a.start - b.start);
}

function whole(
  place: Place,
  runtime: HeapRuntime,
  kind: HeapOptionKind,
  value: number,
): HeapOption {
  const lead = place.text.length - place.text.trimStart().length;
  const token = place.text.trim();
  return { runtime, kind, token, start: lead, end: lead + token.length, value, place, order: 0 };
}
