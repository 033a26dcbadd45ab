// The formatter for `--format`.
import { formatJson } from './json';
import { createSarifFormatter } from './sarif';
import { formatText } from './text';
import type { Formatter } from './types';

export const formats = ['text', 'json', 'sarif'] as const;
export type Format = (typeof formats)[number];

export function formatterFor(format: Format, cwd: string, version?: string): Formatter {
  if (format === 'json') return formatJson;
  if (format === 'sarif') return createSarifFormatter({ cwd, version });
  return formatText;
}
