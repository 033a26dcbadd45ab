// Which workspace Dockerfile an image came from, when no label says so: the final stage's
// CMD/ENTRYPOINT as the argv Docker stores in the image config (no vscode import).

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
