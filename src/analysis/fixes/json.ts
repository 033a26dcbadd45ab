// JSON string literals in exec-form instructions: decoded text ↔ source offsets.

/** For a JSON string literal (with quotes) → map[i] = offset in `raw` of decoded char i (map[len] = closing quote). */
export function decodeJsonString(raw: string): { value: string; map: number[] } {
  let value = '';
  const map: number[] = [];
  let i = 1;
  while (i < raw.length - 1) {
    const c = raw[i]!;
    if (c === '\\') {
      const n = raw[i + 1];
      const esc: Record<string, string> = {
        n: '\n',
        t: '\t',
        r: '\r',
        b: '\b',
        f: '\f',
        '"': '"',
        '\\': '\\',
        '/': '/',
      };
      if (n === 'u') {
        value += String.fromCharCode(parseInt(raw.slice(i + 2, i + 6), 16));
        map.push(i);
        i += 6;
      } else {
        value += esc[n ?? ''] ?? n ?? '';
        map.push(i);
        i += 2;
      }
      continue;
    }
    value += c;
    map.push(i);
    i++;
  }
  map.push(raw.length - 1);
  return { value, map };
}

/** `["a", "b"]` with Docker's usual spacing; JSON.stringify escapes correctly. */
export function execFormText(argv: readonly string[]): string {
  return `[${argv.map((a) => JSON.stringify(a)).join(', ')}]`;
}
