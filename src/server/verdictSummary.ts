// Words for a RuntimeVerdict: the one-line title (CodeLens, CLI text output) and the
// Markdown explanation (hover, "show runtime verdict"). Pure: types in, strings out.
import type { Finding, RuntimeVerdict } from '../analysis/types';
import { shellNames } from '../model/knowledge/programs';

/** Docker's default stop grace period (`docker stop -t`, compose `stop_grace_period`). */
const defaultGraceSeconds = 10;

/** The model's list of shells: one list for every surface. */
function isShell(program: string): boolean {
  return shellNames.has(program.split('/').pop() ?? program);
}

function pid1Words(verdict: RuntimeVerdict): string {
  if (!verdict.pid1) return 'PID 1: unknown';
  const program = verdict.pid1.program;
  let shell = '';
  if (verdict.viaShell) shell = isShell(program) ? ' -c (the shell stays)' : ' (via /bin/sh -c)';
  const init = verdict.init && verdict.init !== program ? ` under ${verdict.init}` : '';
  return `PID 1: ${program}${shell}${init}`;
}

function stopWords(gracefulStop: boolean | null): string {
  if (gracefulStop === true) return 'stop: graceful';
  if (gracefulStop === false) return `stop: SIGKILL after ${defaultGraceSeconds} s`;
  return 'stop: unknown';
}

function zombieWords(reapsZombies: boolean | null): string {
  if (reapsZombies === true) return 'zombies: reaped';
  if (reapsZombies === false) return 'zombies: not reaped';
  return 'zombies: unknown';
}

/** "PID 1: node (via /bin/sh -c) · stop: SIGKILL after 10 s · zombies: not reaped" */
export function verdictTitle(verdict: RuntimeVerdict | null): string {
  if (!verdict) return 'PID 1: not analysed';
  return [
    pid1Words(verdict),
    stopWords(verdict.gracefulStop),
    zombieWords(verdict.reapsZombies),
  ].join(' · ');
}

function yesNo(value: boolean | null, yes: string, no: string): string {
  if (value === null) return 'unknown';
  return value ? yes : no;
}

/** Markdown inline code that survives backticks inside the text. */
function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_{}[\]<>()#+!|])/g, '\\$1');
}

/**
 * The engine writes reasons and messages with `code spans` for commands and flags: keep those
 * spans (their content is literal in Markdown anyway) and escape everything between them.
 */
function escapeOutsideCodeSpans(text: string): string {
  let out = '';
  let rest = text;
  for (;;) {
    const span = /(`+)[\s\S]*?[^`]\1(?!`)|(`+)[^`]\2(?!`)/.exec(rest);
    if (!span) return out + escapeMarkdown(rest);
    out += escapeMarkdown(rest.slice(0, span.index)) + span[0];
    rest = rest.slice(span.index + span[0].length);
  }
}

function quoteArgv(argv: string[]): string {
  return argv.map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : JSON.stringify(arg))).join(' ');
}

/**
 * The explanation of a verdict: who PID 1 is, the three facts, the reasons in order, and links
 * to the rule pages of the findings on the command instruction.
 */
export function verdictMarkdown(
  verdict: RuntimeVerdict | null,
  findings: readonly Pick<Finding, 'rule' | 'message'>[],
  ruleHref: (rule: string) => string | undefined,
  /** The build context the Dockerfile was read with, and why that folder. */
  buildContext?: { root: string; reason: string },
): string {
  const lines: string[] = [];
  if (!verdict) {
    lines.push(
      '**PID 1: not analysed**',
      '',
      'Container Doctor cannot tell who PID 1 will be here.',
    );
  } else {
    lines.push(`**${escapeMarkdown(pid1Words(verdict))}**`, '');
    if (verdict.pid1) lines.push(`- PID 1 runs: ${code(quoteArgv(verdict.pid1.argv))}`);
    lines.push(`- Through a shell (\`/bin/sh -c\`): ${verdict.viaShell ? 'yes' : 'no'}`);
    lines.push(
      `- \`docker stop\`: ${yesNo(
        verdict.gracefulStop,
        'graceful (PID 1 handles the stop signal)',
        `not graceful: SIGKILL after the grace period (${defaultGraceSeconds} s by default), exit 137`,
      )}`,
    );
    lines.push(
      `- Zombies (orphaned children): ${yesNo(verdict.reapsZombies, 'reaped', 'not reaped')}`,
    );
    lines.push(`- Init: ${verdict.init ? code(verdict.init) : 'none'}`);
    if (verdict.reasons.length > 0) {
      lines.push('', '**Why**', '');
      verdict.reasons.forEach((reason, i) =>
        lines.push(`${i + 1}. ${escapeOutsideCodeSpans(reason)}`),
      );
    }
  }
  if (buildContext)
    lines.push(
      '',
      `Build context: ${code(buildContext.root)} (${escapeOutsideCodeSpans(buildContext.reason)})`,
    );
  if (findings.length > 0) {
    lines.push('', '**Findings here**', '');
    for (const f of findings) {
      const href = ruleHref(f.rule);
      const name = href ? `[${f.rule}](${href})` : code(f.rule);
      lines.push(`- ${name}: ${escapeOutsideCodeSpans(f.message)}`);
    }
  }
  return lines.join('\n');
}
