// A demonstration, for the engine: the instruction boundaries that our engine takes from
// dockerfile-ast (keyword, start and end offsets; it re-scans the arguments itself) can be
// found by one linear pass over the text, without building dockerfile-ast's argument,
// range and position objects, which are most of its parse time (bench/README.md).
// bench/instruction-scan.bench.ts checks it against dockerfile-ast on every corpus file.

export interface ScannedInstruction {
  keyword: string;
  /** Offset of the keyword's first character. */
  start: number;
  /** Offset just after the instruction's last character (continuations and heredocs included). */
  end: number;
}

export interface Scan {
  escape: '\\' | '`';
  instructions: ScannedInstruction[];
}

const heredocStart = /<<(-?)(["']?)([A-Za-z_][\w.-]*)\2/g;

function lineEnd(text: string, from: number): number {
  const nl = text.indexOf('\n', from);
  return nl === -1 ? text.length : nl;
}

/** End of a line's content: before `\r\n` or `\n`. */
function contentEnd(text: string, nl: number): number {
  return nl > 0 && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
}

function firstNonBlank(text: string, from: number, to: number): number {
  let i = from;
  while (i < to && (text[i] === ' ' || text[i] === '\t')) i++;
  return i;
}

/** `# escape=`` and friends: only in the leading comment lines, before anything else. */
function escapeDirective(text: string): '\\' | '`' {
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (pos < text.length) {
    const nl = lineEnd(text, pos);
    const m = /^\s*#\s*([a-zA-Z]+)\s*=\s*(\S*)\s*$/.exec(text.slice(pos, contentEnd(text, nl)));
    if (!m) break;
    if (m[1].toLowerCase() === 'escape' && m[2] === '`') return '`';
    pos = nl + 1;
  }
  return '\\';
}

export function scanInstructions(text: string): Scan {
  const escape = escapeDirective(text);
  const instructions: ScannedInstruction[] = [];
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (pos < text.length) {
    const nl = lineEnd(text, pos);
    const end = contentEnd(text, nl);
    const first = firstNonBlank(text, pos, end);
    if (first === end || text[first] === '#') {
      pos = nl + 1; // blank line or comment outside an instruction
      continue;
    }
    let k = first;
    while (k < end && text[k] !== ' ' && text[k] !== '\t') k++;
    const keyword = text.slice(first, k).toUpperCase();
    // follow continuation lines: blank and comment lines inside do not end the instruction
    let lastEnd = end;
    let lineNl = nl;
    let continued = text.slice(first, end).trimEnd().endsWith(escape);
    while (continued && lineNl < text.length) {
      const next = lineNl + 1;
      const nextNl = lineEnd(text, next);
      const nextEnd = contentEnd(text, nextNl);
      const nextFirst = firstNonBlank(text, next, nextEnd);
      lineNl = nextNl;
      if (nextFirst === nextEnd || text[nextFirst] === '#') continue;
      lastEnd = nextEnd;
      continued = text.slice(nextFirst, nextEnd).trimEnd().endsWith(escape);
    }
    if (continued) lastEnd = text.length; // a continuation that runs into the end of the file
    // heredocs (RUN, COPY, ADD, also behind ONBUILD): their bodies belong to the instruction
    const heredocKeyword =
      keyword === 'ONBUILD'
        ? (/^\S+\s+(\S+)/.exec(text.slice(first, lastEnd))?.[1] ?? '').toUpperCase()
        : keyword;
    if (heredocKeyword === 'RUN' || heredocKeyword === 'COPY' || heredocKeyword === 'ADD') {
      const head = text.slice(k, lastEnd);
      for (const m of head.matchAll(heredocStart)) {
        const tabbed = m[1] === '-';
        const name = m[3];
        let body = lineNl + 1;
        let closed = false;
        while (body < text.length) {
          const bodyNl = lineEnd(text, body);
          const bodyEnd = contentEnd(text, bodyNl);
          let from = body;
          if (tabbed) while (from < bodyEnd && text[from] === '\t') from++;
          if (text.slice(from, bodyEnd) === name) {
            lastEnd = bodyEnd;
            lineNl = bodyNl;
            closed = true;
            break;
          }
          body = bodyNl + 1;
        }
        if (!closed) {
          lastEnd = text.length;
          lineNl = text.length;
        }
      }
    }
    instructions.push({ keyword, start: first, end: lastEnd });
    pos = lineNl + 1;
  }
  return { escape, instructions };
}
