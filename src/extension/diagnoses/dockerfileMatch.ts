// Which workspace Dockerfile an image came from, when no label says so: the final stage's
// CMD/ENTRYPOINT as the argv Docker stores in the image config (no vscode import).
import type { Range } from '../../analysis/types';

/**
 * The command instructions (1-based line, text as written) of a Dockerfile text, from the
 * engine's `commandRanges` (the final stage's CMD/ENTRYPOINT; the language server finds them).
 */
export function commandLines(
  text: string,
  commandRanges: readonly Range[],
): { line: number; text: string }[] {
  const lines = text.split(/\r?\n/);
  return commandRanges.map((r) => ({
    line: r.start.line + 1,
    text: lines.slice(r.start.line, r.end.line + 1).join('\n'),
  }));
}

// Docker joins a continued line by dropping the backslash and the newline.
/** The exec-form argv a CMD/ENTRYPOINT instruction gives (shell form: /bin/sh -c, no SHELL). */
export function instructionArgv(text: string): { keyword: string; argv: string[] } | undefined {
  const joined = text.replace(/\\\r?\n/g, '').trim();
  const m = /^(CMD|ENTRYPOINT)\s+([\s\S]*)$/i.exec(joined);
  if (!m) return undefined;
  const rest = m[2].trim();
  if (rest.startsWith('[')) {
    try {
      const parsed = JSON.parse(rest) as unknown;
      if (Array.isArray(parsed) && parsed.every((x) => typeof x === 'string'))
        return { keyword: m[1].toUpperCase(), argv: parsed as string[] };
    } catch {
      // not JSON: Docker runs it in shell form
    }
  }
  return { keyword: m[1].toUpperCase(), argv: ['/bin/sh', '-c', rest] };
}
