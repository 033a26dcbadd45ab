// `container-doctor lint`: the engine over files on disk (or stdin), as text, JSON or SARIF,
// with `--fix` applying every preferred fix until nothing changes, like `eslint --fix`.
import { chmodSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyzeFile } from '../../analysis';
import type { BuildContext, FileAnalysis, Fix, Severity, TextEdit } from '../../analysis/types';
import { noBuildContext } from '../../analysis/types';
import { buildContextFor, withBuildContext } from '../../shared/build-context';
import { collectFiles, displayPath, readTextFile } from '../files';
import { formatJson } from '../format/json';
import { createSarifFormatter } from '../format/sarif';
import { formatText } from '../format/text';
import type { Formatter, LintedFile } from '../format/types';
import { exitCodes, UsageError, type CliIo } from '../io';

const formats = ['text', 'json', 'sarif'] as const;
const failLevels = ['error', 'warning', 'info', 'none'] as const;
type Format = (typeof formats)[number];
type FailLevel = (typeof failLevels)[number];

/** Passes of `--fix` over one file before giving up on reaching a stable text. */
export const maxFixPasses = 10;

export const lintUsage = `usage: container-doctor lint [paths|dirs|-] [options]

Lints Dockerfiles and compose files: who is PID 1, will docker stop end it gracefully,
does it reap zombies, what memory may it take. Directories are searched recursively
(node_modules and .git are skipped); '-' reads one file from stdin. Default: '.'.

options:
  --format text|json|sarif   output format (default: text)
  --fix                      apply every preferred fix, write the files, report what is left
  --fail-level LEVEL         exit 1 when a finding is at least: error, warning (default),
                             info, or none (never)
  --stdin-filename NAME      the name (and build context folder) of the file read from '-'
  --context DIR              the build context (as docker build's context argument); default:
                             the one a compose, Bake or dev container file builds it with,
                             else the Dockerfile's folder
  -h, --help                 this help

exit codes: 0 no finding at the fail level, 1 findings at the fail level,
            2 usage error or a file that cannot be read
`;

export interface LintArgs {
  inputs: string[];
  format: Format;
  fix: boolean;
  failLevel: FailLevel;
  stdinFilename: string | undefined;
  /** The build context folder (`docker build`'s context argument). */
  context?: string;
  help: boolean;
}

function oneOf<T extends string>(
  flag: string,
  value: string | undefined,
  allowed: readonly T[],
): T {
  if (value === undefined) throw new UsageError(`${flag} needs a value: ${allowed.join(', ')}`);
  if (!(allowed as readonly string[]).includes(value))
    throw new UsageError(`${flag}: '${value}' is not one of ${allowed.join(', ')}`);
  return value as T;
}

export function parseLintArgs(args: string[]): LintArgs {
  const parsed: LintArgs = {
    inputs: [],
    format: 'text',
    fix: false,
    failLevel: 'warning',
    stdinFilename: undefined,
    help: false,
  };
  let onlyPaths = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (onlyPaths || arg === '-' || !arg.startsWith('-')) {
      parsed.inputs.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyPaths = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string | undefined => {
      if (inline !== undefined) return inline;
      const next = args[i + 1];
      if (next === undefined || (next.startsWith('-') && next !== '-')) return undefined;
      i++;
      return next;
    };
    switch (flag) {
      case '--format':
      case '-f':
        parsed.format = oneOf(flag, value(), formats);
        break;
      case '--fail-level':
        parsed.failLevel = oneOf(flag, value(), failLevels);
        break;
      case '--stdin-filename': {
        const name = value();
        if (!name) throw new UsageError('--stdin-filename needs a file name');
        parsed.stdinFilename = name;
        break;
      }
      case '--context': {
        const dir = value();
        if (!dir) throw new UsageError('--context needs a folder');
        parsed.context = dir;
        break;
      }
      case '--fix':
        if (inline !== undefined) throw new UsageError('--fix takes no value');
        parsed.fix = true;
        break;
      case '--help':
      case '-h':
        parsed.help = true;
        break;
      default:
        throw new UsageError(`unknown option '${flag}' (see 'container-doctor lint --help')`);
    }
  }
  const stdinCount = parsed.inputs.filter((p) => p === '-').length;
  if (stdinCount > 1) throw new UsageError("'-' (stdin) can be given only once");
  if (parsed.stdinFilename !== undefined && stdinCount === 0)
    throw new UsageError("--stdin-filename names the file read from '-', but '-' is not given");
  if (parsed.fix && stdinCount > 0)
    throw new UsageError("--fix writes files and cannot fix stdin ('-')");
  if (parsed.inputs.length === 0) parsed.inputs.push('.');
  return parsed;
}

const severityRank: Record<Severity, number> = { hint: 0, info: 1, warning: 2, error: 3 };

export function reachesFailLevel(severity: Severity, failLevel: FailLevel): boolean {
  if (failLevel === 'none') return false;
  return severityRank[severity] >= severityRank[failLevel];
}

// ---- applying edits -------------------------------------------------------------------

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

/** Applies non-overlapping edits to a text (positions 0-based, UTF-16, as LSP). */
export function applyTextEdits(text: string, edits: Pick<TextEdit, 'range' | 'newText'>[]): string {
  const starts = lineStarts(text);
  const offset = (p: TextEdit['range']['start']): number => {
    if (p.line >= starts.length) return text.length;
    const lineEnd = p.line + 1 < starts.length ? starts[p.line + 1] : text.length;
    return Math.min(starts[p.line] + p.character, lineEnd);
  };
  const located = edits
    .map((e) => ({ start: offset(e.range.start), end: offset(e.range.end), newText: e.newText }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of located) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

function before(a: TextEdit['range']['start'], b: TextEdit['range']['start']): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

function samePosition(a: TextEdit['range']['start'], b: TextEdit['range']['start']): boolean {
  return a.line === b.line && a.character === b.character;
}

/** Two edits conflict when their ranges overlap, or both insert at the same place. */
export function editsConflict(a: TextEdit, b: TextEdit): boolean {
  if (path.resolve(a.path) !== path.resolve(b.path)) return false;
  if (samePosition(a.range.start, b.range.start)) return true;
  return before(a.range.start, b.range.end) && before(b.range.start, a.range.end);
}

// ---- --fix ----------------------------------------------------------------------------

interface AppliedFix {
  path: string;
  line: number;
  rule: string;
  title: string;
}

/** One file's fix loop: preferred fixes, one per finding, until stable (max passes). */
function fixFile(
  file: string,
  texts: Map<string, string>,
  analyze: (file: string, text: string) => FileAnalysis,
  readDisk: (file: string) => string | undefined,
): { applied: AppliedFix[]; stable: boolean } {
  const applied: AppliedFix[] = [];
  for (let pass = 0; pass < maxFixPasses; pass++) {
    const text = texts.get(file) ?? '';
    const analysis = analyze(file, text);
    const accepted: { fix: Fix; rule: string; line: number }[] = [];
    const acceptedEdits: TextEdit[] = [];
    for (const finding of analysis.findings) {
      const fix = finding.fixes.find((f) => f.preferred && f.edits.length > 0);
      if (!fix) continue;
      if (fix.edits.some((e) => acceptedEdits.some((a) => editsConflict(a, e)))) continue;
      accepted.push({ fix, rule: finding.rule, line: finding.range.start.line });
      acceptedEdits.push(...fix.edits);
    }
    if (accepted.length === 0) return { applied, stable: true };
    const byPath = new Map<string, TextEdit[]>();
    for (const e of acceptedEdits) {
      const target = path.resolve(e.path);
      byPath.set(target, [...(byPath.get(target) ?? []), e]);
    }
    let changed = false;
    for (const [target, edits] of byPath) {
      const current = texts.get(target) ?? readDisk(target);
      if (current === undefined) continue;
      const next = applyTextEdits(current, edits);
      if (next !== current) {
        texts.set(target, next);
        changed = true;
      }
    }
    if (!changed) return { applied, stable: true };
    for (const a of accepted)
      applied.push({ path: file, line: a.line, rule: a.rule, title: a.fix.title });
  }
  return { applied, stable: false };
}

/** Writes a file so that a reader never sees half of it: a temp file beside it, then rename. */
export function writeFileAtomically(target: string, text: string): void {
  const temp = path.join(
    path.dirname(target),
    `.${path.basename(target)}.${process.pid}.${Date.now().toString(36)}.tmp`,
  );
  let mode: number | undefined;
  try {
    mode = statSync(target).mode & 0o7777;
  } catch {
    mode = undefined;
  }
  try {
    writeFileSync(temp, text, { encoding: 'utf8', mode: mode ?? 0o644 });
    if (mode !== undefined) chmodSync(temp, mode); // keep an entrypoint script executable
    renameSync(temp, target);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
}

// ---- the command ------------------------------------------------------------------------

function formatterFor(format: Format, io: CliIo): Formatter {
  if (format === 'json') return formatJson;
  if (format === 'sarif')
    return createSarifFormatter({ cwd: io.cwd, version: io.env.CDOC_VERSION });
  return formatText;
}

export async function lintMain(args: string[], io: CliIo): Promise<number> {
  const options = parseLintArgs(args);
  if (options.help) {
    io.stdout(lintUsage);
    return exitCodes.ok;
  }
  const fileInputs = options.inputs.filter((p) => p !== '-');
  const collected = collectFiles(fileInputs, io.cwd);
  if (collected.missing.length > 0)
    throw new UsageError(
      collected.missing.map((p) => `no such file or directory: ${p}`).join('\n'),
    );

  let unreadable = false;
  const problem = (shown: string, message: string) => {
    unreadable = true;
    io.stderr(`container-doctor lint: cannot read ${shown}: ${message}\n`);
  };
  for (const p of collected.problems) problem(displayPath(p.path, io.cwd), p.message);

  const showPath = (enginePath: string) => displayPath(enginePath, io.cwd);
  /** Texts as they are now: read from disk, or changed by --fix and not yet written. */
  const texts = new Map<string, string>();
  const contextRoot = options.context ? path.resolve(io.cwd, options.context) : undefined;
  const analyze = (file: string, text: string, context?: BuildContext): FileAnalysis => {
    if (context) return analyzeFile(file, text, context);
    const chosen = buildContextFor(file, texts, {
      root: contextRoot,
      rootReason: options.context && `--context ${options.context}`,
    });
    return withBuildContext(analyzeFile(file, text, chosen), chosen);
  };

  const linted: LintedFile[] = [];
  const toAnalyse: string[] = [];
  for (const file of collected.files) {
    const read = readTextFile(file);
    if (!read.ok) problem(showPath(file), read.message);
    else {
      texts.set(file, read.text);
      toAnalyse.push(file);
    }
  }

  if (options.fix) {
    const original = new Map(texts);
    const readDisk = (file: string) => {
      const read = readTextFile(file);
      if (read.ok) original.set(file, read.text);
      return read.ok ? read.text : undefined;
    };
    const report: string[] = [];
    for (const file of toAnalyse) {
      const { applied, stable } = fixFile(file, texts, (f, t) => analyze(f, t), readDisk);
      for (const a of applied)
        report.push(`fixed ${showPath(a.path)}:${a.line + 1}  ${a.rule}: ${a.title}`);
      if (!stable)
        report.push(
          `${showPath(file)}: fixes did not settle after ${maxFixPasses} passes; the rest is reported below`,
        );
    }
    for (const [file, text] of texts) {
      if (original.get(file) === text) continue;
      try {
        writeFileAtomically(file, text);
        report.push(`wrote ${showPath(file)}`);
      } catch (err) {
        unreadable = true;
        io.stderr(
          `container-doctor lint: cannot write ${showPath(file)}: ${err instanceof Error ? err.message : String(err)}\n`,
        );
      }
    }
    if (report.length > 0) {
      const text = `${report.join('\n')}\n\n`;
      // Machine formats keep stdout for the report itself.
      if (options.format === 'text') io.stdout(text);
      else io.stderr(text);
    }
  }

  for (const file of toAnalyse)
    linted.push({ path: showPath(file), analysis: analyze(file, texts.get(file) ?? '') });

  if (options.inputs.includes('-')) {
    const text = await io.readStdin();
    const name = options.stdinFilename;
    // Without a name it is a Dockerfile with no build context (like `docker build -`).
    const enginePath = name ? path.resolve(io.cwd, name) : 'Dockerfile';
    linted.push({
      path: name ? showPath(enginePath) : '<stdin>',
      analysis:
        name || contextRoot ? analyze(enginePath, text) : analyze(enginePath, text, noBuildContext),
    });
  }

  if (linted.length === 0 && !unreadable)
    io.stderr(
      `container-doctor lint: no Dockerfiles or compose files found in ${fileInputs.join(', ')}\n`,
    );

  io.stdout(formatterFor(options.format, io)(linted, { showPath }));

  if (unreadable) return exitCodes.usage;
  const failing = linted.some((f) =>
    f.analysis.findings.some((x) => reachesFailLevel(x.severity, options.failLevel)),
  );
  return failing ? exitCodes.findings : exitCodes.ok;
}
