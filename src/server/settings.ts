// The server's settings (section `containerDoctor`), from whatever the client sends: a pulled
// configuration, initializationOptions or a didChangeConfiguration payload. Unknown or
// mistyped values fall back to the defaults instead of failing.
import type { RuleSetting } from '../analysis/types';
import { defaultServerSettings, type ServerSettings } from './protocol';

const ruleSettings = new Set<RuleSetting>(['off', 'error', 'warning', 'info', 'hint']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads `{ rules, verdict: { codeLens } }`, also accepting it wrapped as `{ containerDoctor: … }`. */
export function parseSettings(raw: unknown): ServerSettings {
  let section: unknown = raw;
  if (isRecord(raw) && isRecord(raw.containerDoctor)) section = raw.containerDoctor;
  if (!isRecord(section)) return { ...defaultServerSettings, rules: {} };
  const rules: ServerSettings['rules'] = {};
  if (isRecord(section.rules)) {
    for (const [rule, value] of Object.entries(section.rules)) {
      if (typeof value === 'string' && ruleSettings.has(value as RuleSetting))
        rules[rule] = value as RuleSetting;
    }
  }
  let codeLens = defaultServerSettings.verdict.codeLens;
  const verdict = section.verdict;
  if (isRecord(verdict) && typeof verdict.codeLens === 'boolean') codeLens = verdict.codeLens;
  // A flat key, as some clients send dotted settings unnested.
  if (typeof section['verdict.codeLens'] === 'boolean') codeLens = section['verdict.codeLens'];
  return { rules, verdict: { codeLens } };
}
