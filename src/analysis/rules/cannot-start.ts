// A container that cannot start: an exec form that is not JSON (Docker silently runs it as
// shell form), argv[0] holding a whole command line, a script without `#!` exec'd by the
// kernel, an entrypoint script the build context does not hold. Measured on the lab's
// Debian (dash) and BusyBox images; the figures are on docs/rules/cannot-start.md.
import { allLayers } from '../layers';
import { candidates } from '../dockerfile/context';
import type { CopySource } from '../dockerfile/command';
import type { Instruction } from '../dockerfile/model';
import { execFormText } from '../fixes/json';
import { isPosixShell, parseShell } from '../../model/shell/ast';
import type { CannotStartLayer, Layer } from '../../model/pid1';
import type { Fix } from '../types';
import {
  instructionAt,
  jsonElementAt,
  meta,
  type DockerfileRule,
  type DockerfileRuleContext as RuleContext,
} from './rule';

/**
 * The words an author meant by a bracketed list Docker could not read as JSON: elements
 * separated by commas, each in double quotes, single quotes or none (`["python3", app.py]`,
 * `['node', 'x.js']`, a trailing comma). Null when it is not such a list.
 */
export function meantExecForm(args: string): string[] | null {
  const text = args.trim();
  if (!text.startsWith('[') || !text.endsWith(']')) return null;
  const body = text.slice(1, -1);
  const out: string[] = [];
  let i = 0;
  const skipSpace = (): void => {
    while (i < body.length && /\s/.test(body[i]!)) i++;
  };
  for (;;) {
    skipSpace();
    if (i >= body.length) break;
    const q = body[i];
    let word = '';
    if (q === '"' || q === "'") {
      i++;
      while (i < body.length && body[i] !== q) {
        if (q === '"' && body[i] === '\\' && i + 1 < body.length) {
          let decoded: unknown;
          try {
            decoded = JSON.parse(`"${body.slice(i, i + 2)}"`);
          } catch {
            return null; // an escape JSON does not have: not a list we can read
          }
          word += String(decoded);
          i += 2;
          continue;
        }
        word += body[i++];
      }
      if (i >= body.length) return null; // an unterminated quote: not a list we can read
      i++;
      skipSpace();
    } else {
      while (i < body.length && body[i] !== ',') word += body[i++];
      word = word.trim();
      if (word === '') return null; // `[a,,b]`
    }
    out.push(word);
    if (i >= body.length) break;
    if (body[i] !== ',') return null;
    i++;
  }
  return out.length > 0 ? out : null;
}

/** The literal words of a command line, when it is one simple command without shell features. */
function literalWords(commandLine: string): string[] | null {
  const program = parseShell(commandLine, 'posix');
  const only = program?.statements.length === 1 ? program.statements[0]! : null;
  if (!only || only.command.kind !== 'simple' || only.redirects > 0 || only.background) return null;
  if (only.command.assigns > 0 || !only.command.words.every((w) => w.literal)) return null;
  return only.command.words.map((w) => w.value!);
}

function replaceArgs(ctx: RuleContext, ins: Instruction, text: string, title: string): Fix {
  const start = ins.argsMap[0]!;
  const end = ins.argsMap[ins.args.length]!;
  return {
    title,
    preferred: true,
    edits: [{ path: ctx.path, range: ctx.model.lines.range(start, end), newText: text }],
  };
}

const exitText = (l: CannotStartLayer): string =>
  l.exitCode === null
    ? `the build fails ("${l.error}")`
    : `the container exits ${l.exitCode} at once ("${l.error}")`;

function brokenExecForm(ctx: RuleContext, layer: CannotStartLayer): void {
  const rt = ctx.runtime!;
  const ins = rt.command.shellForm?.instr ?? instructionAt(rt, Math.max(0, layer.at));
  const meant = meantExecForm(ins.args);
  const fixes = meant
    ? [
        replaceArgs(
          ctx,
          ins,
          execFormText(meant),
          `Write the exec form as JSON: ${ins.keyword} ${execFormText(meant)}`,
        ),
      ]
    : [];
  const what =
    layer.exitCode === null
      ? 'JSON, but not every element is a string (quote each one)'
      : 'not valid JSON (JSON needs double quotes around every element and no trailing comma)';
  ctx.report({
    message:
      `${ins.keyword} ${ins.args} is ${what}` +
      (layer.exitCode === null
        ? `: ${exitText(layer)}.`
        : `, so Docker runs it as shell form (through \`/bin/sh -c\`) and ${exitText(layer)}.`) +
      (meant ? ` Meant: ${ins.keyword} ${execFormText(meant)}.` : ''),
    range: ins.range,
    fixes,
  });
}

function commandLineInArgv0(ctx: RuleContext, layer: CannotStartLayer): void {
  const rt = ctx.runtime!;
  const el = jsonElementAt(rt, layer.at);
  const ins = el?.ins ?? instructionAt(rt, Math.max(0, layer.at));
  const words = literalWords(layer.argv[0]!);
  const fixes: Fix[] = [];
  if (el && words && words.length > 1) {
    const span = el.ins.jsonSpans[el.index]!;
    fixes.push({
      title: `Split "${layer.argv[0]}" into ${words.map((w) => JSON.stringify(w)).join(', ')}`,
      preferred: true,
      edits: [
        {
          path: ctx.path,
          range: ctx.model.lines.range(el.ins.argsMap[span.start]!, el.ins.argsMap[span.end]!),
          newText: words.map((w) => JSON.stringify(w)).join(', '),
        },
      ],
    });
  }
  ctx.report({
    message: `"${layer.argv[0]}" is one element of the exec form, so it is looked up as one program name with its spaces, which does not exist: ${exitText(layer)}. Each argument is its own element${words && words.length > 1 ? `: ${execFormText([...words, ...layer.argv.slice(1)])}` : ''}.`,
    range: ins.range,
    fixes,
  });
}

function noShebang(ctx: RuleContext, layer: CannotStartLayer): void {
  const rt = ctx.runtime!;
  const file = layer.file!;
  const bash = !isPosixShell(file.text) && parseShell(file.text, 'bash') !== null;
  const shebang = bash ? '#!/bin/bash' : '#!/bin/sh';
  // A heredoc's text is in the Dockerfile: the `#!` goes at its first line there.
  const at = file.inDockerfile ? ctx.model.lines.positionAt(file.inDockerfile.offset) : null;
  const path = at ? ctx.path : ctx.context.pathOf(file.relativePath);
  const start = at ?? { line: 0, character: 0 };
  ctx.report({
    message: `${file.relativePath} has no \`#!\` line, and the exec form asks the kernel to execute it directly, which needs one: ${exitText(layer)}. Start the script with \`${shebang}\`.`,
    range: instructionAt(rt, Math.max(0, layer.at)).range,
    related: [
      {
        path,
        range: { start, end: start },
        message: 'no `#!` line here',
      },
    ],
    fixes: [
      {
        title: `Add ${shebang} to ${file.relativePath}`,
        preferred: true,
        edits: [
          {
            path,
            range: { start, end: start },
            newText: `${shebang}\n`,
          },
        ],
      },
    ],
  });
}

function readable(ctx: RuleContext, rel: string): boolean {
  try {
    return ctx.context.readFile(rel) !== undefined;
  } catch {
    return false;
  }
}

/** The program (or script) a layer names by path, for the missing-file check. */
function namedPath(layer: Layer): string | null {
  if (layer.kind === 'program' && !layer.facts && layer.argv[0]) return layer.argv[0];
  if (layer.kind === 'unknown' && layer.argv && /is not in the build context/.test(layer.why))
    return layer.argv.find((a, i) => i > 0 && !a.startsWith('-')) ?? null;
  return null;
}

const PATH_DIRS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/**
 * A COPY/ADD would put the PID 1 program there, but the build context lacks its source: the
 * build fails at that COPY (measured: "COPY failed: file not found in build context or
 * excluded by .dockerignore"). Only where the context holds some of the Dockerfile's COPY
 * sources, so an editor without a build context reports nothing.
 */
function missingFromContext(ctx: RuleContext): boolean {
  const rt = ctx.runtime!;
  const copies = rt.command.copies;
  const contextKnown = copies.some((c) =>
    c.sources.some((s) => !/[*?[]/.test(s) && readable(ctx, s.replace(/^\.\//, ''))),
  );
  if (!contextKnown) return false;
  for (const layer of allLayers(rt.layer)) {
    const program = namedPath(layer);
    if (!program) continue;
    const paths = program.includes('/')
      ? [program.startsWith('/') ? program : `${rt.command.workdir.replace(/\/$/, '')}/${program}`]
      : PATH_DIRS.map((d) => `${d}/${program}`);
    for (let i = copies.length - 1; i >= 0; i--) {
      const copy: CopySource = copies[i]!;
      // Only a source that is the file itself (not a file inside a source folder).
      const sources = copy.sources.map((x) => x.replace(/^\.\//, '').replace(/\/+$/, ''));
      const looked = paths.flatMap((p) => candidates(copy, p)).filter((c) => sources.includes(c));
      if (looked.length === 0) continue;
      if (looked.some((rel) => readable(ctx, rel))) return false;
      const where = ctx.context.pathOf(looked[0]!);
      ctx.report({
        message: `${program} comes from \`${copy.instr.keyword} ${copy.instr.args}\`, but the build context has no such file (looked for ${where}): the build fails at that line ("COPY failed: file not found in build context or excluded by .dockerignore"). Build with the folder that holds it as the context, or fix the source path.`,
        range: copy.instr.range,
        related: [
          {
            path: ctx.path,
            range: instructionAt(rt, Math.max(0, layer.at)).range,
            message: `${program} is started here`,
          },
        ],
      });
      return true;
    }
  }
  return false;
}

export const cannotStart: DockerfileRule = {
  meta: meta({
    id: 'cannot-start',
    appliesTo: 'dockerfile',
    description:
      'a container that cannot start: an exec form that is not JSON (Docker runs it as shell form: exit 127), `["npm start"]` (exit 127), a script without `#!` (exit 1), an entrypoint script missing from the build context',
    defaultSeverity: 'error',
    title: 'The container cannot start',
    why: 'Measured: an exec form that is not JSON runs as shell form and exits 127 ("[python3,: not found"); `["npm start"]` exits 127 (executable file not found); a script without `#!` exits 1 (exec format error).',
    fixable: true,
  }),
  check(ctx) {
    const rt = ctx.runtime;
    if (!rt) return;
    const layer = [...allLayers(rt.layer)].find(
      (l): l is CannotStartLayer => l.kind === 'cannot-start',
    );
    if (!layer) {
      missingFromContext(ctx);
      return;
    }
    if (layer.cause === 'broken-exec-form') brokenExecForm(ctx, layer);
    else if (layer.cause === 'argv0-command-line') commandLineInArgv0(ctx, layer);
    else noShebang(ctx, layer);
  },
};
