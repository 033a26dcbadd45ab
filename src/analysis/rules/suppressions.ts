// The one reader of suppression comments, for Dockerfiles and compose files alike, and the
// one writer of the "disable this rule here" comment. Three spellings are honoured:
//
//   # container-doctor-ignore shell-pid1, pid1-no-reaper   our own (no id: every rule)
//   # hadolint ignore=DL3025                               hadolint's, per instruction
//   # hadolint global ignore=DL3025                        hadolint's, for the whole file
//   # check=skip=JSONArgsRecommended                       BuildKit's parser directive (file)
//
// Codes of the other linters count only where they mean one of our findings: hadolint's
// DL3025 and BuildKit's JSONArgsRecommended both ask for exec form of CMD/ENTRYPOINT, which is
// what `shell-pid1` reports (a shell left as PID 1). The mapping is listed in
// docs/rules/shell-pid1.md.

/** hadolint rule code → our rule ids it silences. */
export const hadolintEquivalents: Readonly<Record<string, readonly string[]>> = {
  DL3025: ['shell-pid1'],
};

/** BuildKit build check name → our rule ids it silences (`skip=all` silences them all). */
export const buildkitEquivalents: Readonly<Record<string, readonly string[]>> = {
  JSONArgsRecommended: ['shell-pid1'],
};

/** Every rule (a bare `# container-doctor-ignore`). */
export const allRules = '*';

const ownComment = /^\s*#\s*container-doctor-ignore\b(.*)$/;
const hadolintComment = /^\s*#\s*hadolint\s+(global\s+)?ignore\s*=\s*([\w\s,-]*)$/i;

function mapped(codes: string[], table: Readonly<Record<string, readonly string[]>>): string[] {
  return codes.flatMap((code) => table[code] ?? []);
}

function splitIds(list: string): string[] {
  return list
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '' && !s.startsWith('--'));
}

export interface SuppressionComment {
  /** Rule ids silenced ('*' for every rule). */
  rules: string[];
  /** True for a file-wide comment (hadolint `global ignore`). */
  global: boolean;
}

/**
 * The rules a comment line silences, or null when the line is no suppression comment (or
 * names only codes that mean none of our rules).
 */
export function parseSuppressionComment(line: string): SuppressionComment | null {
  const own = ownComment.exec(line);
  if (own) {
    const ids = splitIds(own[1]!);
    return { rules: ids.length > 0 ? ids : [allRules], global: false };
  }
  const hadolint = hadolintComment.exec(line);
  if (hadolint) {
    const rules = mapped(splitIds(hadolint[2]!), hadolintEquivalents);
    return rules.length > 0 ? { rules, global: hadolint[1] !== undefined } : null;
  }
  return null;
}

/** Cheap pre-check: can this text hold a suppression comment at all? */
export function maySuppress(text: string): boolean {
  if (text.includes('container-doctor-ignore') || text.includes('hadolint')) return true;
  // BuildKit reads `# check=` only among the parser directives at the top of the file: look
  // there only (a scan of the whole text would meet every HEALTHCHECK).
  let end = 0;
  while (end < text.length && text.charCodeAt(end) === 35 /* # */) {
    const nl = text.indexOf('\n', end);
    end = nl < 0 ? text.length : nl + 1;
  }
  return end > 0 && /check\s*=/i.test(text.slice(0, end));
}

/**
 * Rules silenced for the whole Dockerfile: BuildKit's `# check=skip=…` parser directive
 * (only among the directives at the very top, as BuildKit reads them; check names are
 * case-sensitive) and hadolint's `# hadolint global ignore=…` anywhere.
 */
export function fileSuppressions(text: string): Set<string> {
  const out = new Set<string>();
  if (!maySuppress(text)) return out;
  const lines = text.split(/\r?\n/);
  for (const line of lines) {
    const directive = /^\s*#\s*([a-zA-Z]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (!directive) break; // directives end at the first other line (comment, blank, instruction)
    if (directive[1]!.toLowerCase() !== 'check') continue;
    for (const option of directive[2]!.split(';')) {
      const [key, value] = option.split('=', 2).map((s) => s.trim());
      if (key !== 'skip' || value === undefined) continue;
      const names = value.split(',').map((s) => s.trim());
      const skipped = names.includes('all') ? Object.keys(buildkitEquivalents) : names;
      for (const id of mapped(skipped, buildkitEquivalents)) out.add(id);
    }
  }
  for (const line of lines) {
    const c = line.includes('hadolint') ? parseSuppressionComment(line) : null;
    if (c?.global) for (const id of c.rules) out.add(id);
  }
  return out;
}

/** Does a set of silenced ids (from one comment or a file directive) include this rule? */
export function silences(rules: ReadonlySet<string> | readonly string[], rule: string): boolean {
  const has = (id: string): boolean =>
    Array.isArray(rules) ? rules.includes(id) : (rules as ReadonlySet<string>).has(id);
  return has(rule) || has(allRules);
}

/** The comment our quick fix writes. */
export const suppressionPrefix = '# container-doctor-ignore';
