// What the registry's metadata becomes outside the engine: the `containerDoctor.rules`
// settings schema in package.json and the README's rule table. registry.test.ts checks that
// both files say exactly this, so a new rule cannot ship without its setting and its row.
import type { Rule } from './rule';

const settingValues = ['off', 'error', 'warning', 'info', 'hint'] as const;

export interface RuleSettingSchema {
  type: 'string';
  enum: readonly string[];
  default?: never;
  markdownDescription: string;
}

/** `contributes.configuration.properties["containerDoctor.rules"].properties`. */
export function rulesSettingSchema(rules: readonly Rule[]): Record<string, RuleSettingSchema> {
  const out: Record<string, RuleSettingSchema> = {};
  for (const { meta } of [...rules].sort((a, b) => (a.meta.id < b.meta.id ? -1 : 1)))
    out[meta.id] = {
      type: 'string',
      enum: settingValues,
      markdownDescription:
        `${meta.appliesTo === 'compose' ? 'Compose' : 'Dockerfile'}: ${meta.description}. ` +
        `\`"off"\` disables \`${meta.id}\`; a severity replaces its own (\`${meta.defaultSeverity}\`). ` +
        `The rule's page: \`${meta.docsUrl}\` (also opened by **Container Doctor: Open Rule Page**).`,
    };
  return out;
}

/** The README's table under "Dockerfile and compose squiggles", in registry order. */
export function readmeRuleTable(rules: readonly Rule[]): string {
  const rows = rules.map(
    ({ meta }) => `| [\`${meta.id}\`](${meta.docsUrl}) | ${meta.description} |`,
  );
  return ['| rule | finds |', '|---|---|', ...rows].join('\n');
}
