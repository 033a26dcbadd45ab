// `container-doctor lint`: the engine over files on disk (or stdin), as text, JSON or SARIF.
// `--fix` runs the domain's fix loop (src/analysis/fixes/loop.ts) through ../fix-files.ts.
import * as path from 'node:path';
import { analyzeFile } from '../../analysis';
import type { FileAnalysis, Severity } from '../../analysis/types';
import { noBuildContext } from '../../analysis/types';
import { buildContextFor, withBuildContext } from '../../shared/build-context';
import { parseFlags } from '../args';
import { collectFiles, displayPath, readTextFile } from '../files';
import { fixFiles } from '../fix-files';
import { formats, formatterFor, type Format } from '../format';
import type { LintedFile } from '../format/types';
import { exitCodes, UsageError, type CliIo } from '../io';

const failLevels = ['error', 'warning', 'info', 'none'] as const;
type FailLevel = (typeof failLevels)[number];

export const lintUsage = `usage: container-doctor lint [paths|dirs|-] [options]

Lints Dockerfiles and compose files: who is PID 1, will docker stop end it gracefully,
does it reap zombies, what memory may it take. Directories are searched recursively
(node_modules and .git are skipped); '-' reads one file from stdin. Default: '.'.

options:
  --format text|json|sarif   output format (default: text)
  --fix                      apply the preferred fixes until none is left, write the files,
                             report what is left
  --suppress-all             with --fix: write a suppression comment for every finding left
  --fail-level LEVEL         exit 1 when a finding is at least: error, warning (default),
                             info, or none (never)
  --stdin-filename NAME      the name (and build context folder) of the file read from '-'
  --context DIR              the build context (as docker build's context argument); default:
                             the one a compose, Bake or dev container file builds it with,
                             else the Dockerfile's folder
  -h, --help                 this help

exit codes: 0 no finding at the fail level, 1 findings at the fail level,
            2 usage error, nothing to lint, or a file that cannot be read, is no regular file or is over 4 MiB,
            3 internal error
The JSON and SARIF outputs and these codes are a stable contract: docs/cli-output.md
`;

export interface LintArgs {
  inputs: string[];
  format: Format;
  fix: boolean;
  suppressAll: boolean;
  failLevel: FailLevel;
  stdinFilename: string | undefined;
  /** The build context folder (`docker build`'s context argument). */
  context?: string;
  help: boolean;
}

export function parseLintArgs(args: string[]): LintArgs {
  const { values, positionals } = parseFlags(
    args,
    {
      format: { type: 'string', short: 'f', choices: formats },
      'fail-level': { type: 'string', choices: failLevels },
      'stdin-filename': { type: 'string', valueHint: 'a file name' },
      context: { type: 'string', valueHint: 'a folder' },
      fix: { type: 'boolean' },
      'suppress-all': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    'container-doctor lint',
  );
  const parsed: LintArgs = {
    inputs: positionals.length > 0 ? positionals : ['.'],
    format: (values.format as LintArgs['format'] | undefined) ?? 'text',
    fix: values.fix === true,
    suppressAll: values['suppress-all'] === true,
    failLevel: (values['fail-level'] as FailLevel | undefined) ?? 'warning',
    stdinFilename: values['stdin-filename'] as string | undefined,
    ...(values.context !== undefined ? { context: values.context as string } : {}),
    help: values.help === true,
  };
  const stdinCount = parsed.inputs.filter((p) => p === '-').length;
  if (stdinCount > 1) throw new UsageError("'-' (stdin) can be given only once");
  if (parsed.stdinFilename !== undefined && stdinCount === 0)
    throw new UsageError("--stdin-filename names the file read from '-', but '-' is not given");
  if (parsed.fix && stdinCount > 0)
    throw new UsageError("--fix writes files and cannot fix stdin ('-')");
  if (parsed.suppressAll && !parsed.fix) throw new UsageError('--suppress-all needs --fix');
  return parsed;
}

/**
 * One file as `lint` analyses it: its build context chosen as docker build would (a compose,
 * Bake or dev container file naming it, else its folder; `root` overrides), read from disk.
 */
export function analyzeOnDisk(
  file: string,
  text: string,
  fixed: ReadonlyMap<string, string> = new Map(),
  context: { root?: string; rootReason?: string } = {},
): FileAnalysis {
  const chosen = buildContextFor(file, fixed, context);
  return withBuildContext(analyzeFile(file, text, chosen), chosen);
}

const severityRank: Record<Severity, number> = { hint: 0, info: 1, warning: 2, error: 3 };

export function reachesFailLevel(severity: Severity, failLevel: FailLevel): boolean {
  return failLevel !== 'none' && severityRank[severity] >= severityRank[failLevel];
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
  const showPath = (file: string) => displayPath(file, io.cwd);
  let failed = false;
  const fail = (message: string) => {
    failed = true;
    io.stderr(`container-doctor lint: ${message}\n`);
  };
  for (const p of collected.problems) fail(`cannot read ${showPath(p.path)}: ${p.message}`);

  /** Texts as read from disk; --fix computes from them and writes only over them. */
  const originals = new Map<string, string>();
  for (const file of collected.files) {
    const read = readTextFile(file);
    if (read.ok) originals.set(file, read.text);
    else fail(`cannot read ${showPath(file)}: ${read.message}`);
  }
  const toLint = collected.files.filter((f) => originals.has(f));
  const contextRoot = options.context ? path.resolve(io.cwd, options.context) : undefined;
  const analyze = (file: string, text: string, fixed: ReadonlyMap<string, string>) =>
    analyzeOnDisk(file, text, fixed, {
      root: contextRoot,
      rootReason: options.context && `--context ${options.context}`,
    });

  const texts = new Map(originals);
  if (options.fix) {
    const run = fixFiles(toLint, originals, analyze, showPath, options.suppressAll);
    for (const message of run.failures) fail(message);
    // Machine formats keep stdout for the report itself.
    if (run.report.length > 0)
      (options.format === 'text' ? io.stdout : io.stderr)(`${run.report.join('\n')}\n\n`);
    for (const file of toLint) {
      const now = readTextFile(file);
      if (now.ok) texts.set(file, now.text);
    }
  }

  const linted: LintedFile[] = toLint.map((file) => ({
    path: showPath(file),
    analysis: analyze(file, texts.get(file) ?? '', texts),
  }));
  if (options.inputs.includes('-')) linted.push(await lintStdin(options, io, analyze));
  if (linted.length === 0 && !failed)
    io.stderr(
      `container-doctor lint: no Dockerfiles or compose files found in ${fileInputs.join(', ')}\n`,
    );

  io.stdout(formatterFor(options.format, io.cwd, io.env.CDOC_VERSION)(linted, { showPath }));
  // A rule that threw left its findings out: CI must not pass on a report that lacks them.
  const ruleFailures = linted.flatMap((f) =>
    (f.analysis.problems ?? []).map((p) => `rule ${p.rule} failed on ${f.path}: ${p.message}`),
  );
  for (const message of ruleFailures) io.stderr(`container-doctor lint: ${message}\n`);
  // A mistyped path must not pass in CI: nothing to lint is a usage error.
  if (failed || linted.length === 0) return exitCodes.usage;
  if (ruleFailures.length > 0) return exitCodes.engine; // 3: an internal error
  const failing = linted.some((f) =>
    f.analysis.findings.some((x) => reachesFailLevel(x.severity, options.failLevel)),
  );
  return failing ? exitCodes.findings : exitCodes.ok;
}

/** Stdin is a Dockerfile without a build context (like `docker build -`) unless it is named. */
async function lintStdin(
  options: LintArgs,
  io: CliIo,
  analyze: (file: string, text: string, fixed: ReadonlyMap<string, string>) => FileAnalysis,
): Promise<LintedFile> {
  const text = await io.readStdin();
  const name = options.stdinFilename;
  if (!name) return { path: '<stdin>', analysis: analyzeFile('Dockerfile', text, noBuildContext) };
  const file = path.resolve(io.cwd, name);
  return { path: displayPath(file, io.cwd), analysis: analyze(file, text, new Map()) };
}
