// Command-line flags through Node's own parser (util.parseArgs), with the messages users get:
// "unknown option '--x'", "--format needs a value: text, json, sarif",
// "--format: 'xml' is not one of text, json, sarif".
import { parseArgs } from 'node:util';
import { UsageError } from './io';

export interface FlagSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** May be given more than once (values collected in order). */
  multiple?: boolean;
  /** The values a string flag accepts. */
  choices?: readonly string[];
  /** Said when the value is missing (default: the choices). */
  valueHint?: string;
}

export type FlagValues = Record<string, string | boolean | string[] | undefined>;

export function parseFlags(
  args: string[],
  spec: Readonly<Record<string, FlagSpec>>,
  command: string,
): { values: FlagValues; positionals: string[] } {
  const options = Object.fromEntries(
    Object.entries(spec).map(([name, s]) => [
      name,
      { type: s.type, ...(s.short ? { short: s.short } : {}) },
    ]),
  );
  const { tokens } = parseArgs({
    args,
    options,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const values: FlagValues = {};
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') positionals.push(token.value);
    if (token.kind !== 'option') continue;
    const s = spec[token.name];
    if (!s) throw new UsageError(`unknown option '${token.rawName}' (see '${command} --help')`);
    if (s.type === 'boolean') {
      if (token.value !== undefined) throw new UsageError(`${token.rawName} takes no value`);
      values[token.name] = true;
      continue;
    }
    const value = token.value;
    const hint = s.valueHint ?? s.choices?.join(', ') ?? 'a value';
    // `--format --fix`: the next flag is not a value (an inline `--format=-x` is).
    if (
      value === undefined ||
      value === '' ||
      (!token.inlineValue && value.startsWith('-') && value !== '-')
    )
      throw new UsageError(`${token.rawName} needs a value: ${hint}`);
    if (s.choices && !s.choices.includes(value))
      throw new UsageError(`${token.rawName}: '${value}' is not one of ${s.choices.join(', ')}`);
    if (s.multiple) values[token.name] = [...((values[token.name] as string[]) ?? []), value];
    else values[token.name] = value;
  }
  return { values, positionals };
}
