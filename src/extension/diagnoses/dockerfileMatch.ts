// Which workspace Dockerfile an image came from, when no label says so: the final stage's
// CMD/ENTRYPOINT as the argv Docker stores in the image config (no vscode import).
import { escapeCharacterOf, joinContinuations } from '../../analysis/dockerfile/text';
import type { Range } from '../../analysis/types';

/**
 * The command instructions (1-based line, text with its continuations joined as the builder
 * joins them, under the file's escape directive) of a Dockerfile text, from the engine's
 * `commandRanges` (the final stage's CMD/ENTRYPOINT; the language server finds them).
 */
export function commandLines(
  text: string,
  commandRanges: readonly Range[],
): { line: number; text: string }[] {
  const escape = escapeCharacterOf(text);
  const lines = text.split(/\r?\n/);
  return commandRanges.map((r) => {
    const written = lines.slice(r.start.line, r.end.line + 1).join('\n');
    return {
      line: r.start.line + 1,
      text: joinContinuations(written, 0, written.length, escape).content,
    };
  });
}

/**
 * The exec-form argv a CMD/ENTRYPOINT instruction gives (shell form: /bin/sh -c, no SHELL),
 * from its text with continuations joined (commandLines).
 */
export function instructionArgv(text: string): { keyword: string; argv: string[] } | undefined {
  const joined = text.trim();
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
