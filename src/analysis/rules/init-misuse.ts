// An init installed but not used, or used wrongly: tini without `--`, tini not PID 1 (then
// it cannot reap), and `-g` when its child is a shell that stays (TERM reaches the shell only).
import { allLayers, pid1Layer } from '../layers';
import { addTiniFix, installedInit } from '../fixes/add-tini';
import { scriptExecFix, shellExecFixes } from '../fixes/exec';
import type { Fix } from '../types';
import {
  instructionAt,
  jsonElementAt,
  meta,
  type DockerfileRule,
  type DockerfileRuleContext,
} from './rule';
import type { Layer, RuntimeAnalysis } from '../runtime-model';
import { commandName, walkStatements } from '../../model/shell/ast';
import { initNames } from '../../model/knowledge/programs';

type InitLayer = Extract<Layer, { kind: 'init' }>;

function insertFix(ctx: DockerfileRuleContext, title: string, offset: number, text: string): Fix {
  const p = ctx.model.lines.positionAt(offset);
  return {
    title,
    preferred: true,
    edits: [{ path: ctx.path, range: { start: p, end: p }, newText: text }],
  };
}

function missingDashDash(ctx: DockerfileRuleContext, rt: RuntimeAnalysis, init: InitLayer): void {
  if (!init.name.startsWith('tini') && init.name !== 'docker-init') return;
  if (init.dashDash || !init.child || init.at < 0) return;
  const childAt = init.at + (init.argv.length - (init.child.argv?.length ?? 0));
  const el = jsonElementAt(rt, childAt);
  const prev = jsonElementAt(rt, childAt - 1);
  const fixes: Fix[] = [];
  if (el && el.ins === prev?.ins) {
    fixes.push(
      insertFix(
        ctx,
        'Add "--" after tini',
        el.ins.argsMap[el.ins.jsonSpans[el.index]!.start]!,
        '"--", ',
      ),
    );
  } else if (prev) {
    fixes.push(
      insertFix(
        ctx,
        'Add "--" after tini',
        prev.ins.argsMap[prev.ins.jsonSpans[prev.index]!.end]!,
        ', "--"',
      ),
    );
  }
  ctx.report({
    message: `${init.name} runs without \`--\` before its program: an argument of the program that starts with \`-\` is read as a tini option (measured: \`tini -s echo -l hi\` prints tini's licence). Use \`tini -- program …\`.`,
    range: instructionAt(rt, init.at).range,
    fixes,
  });
}

function groupAdvice(ctx: DockerfileRuleContext, rt: RuntimeAnalysis, init: InitLayer): void {
  if (!init.name.startsWith('tini') || init.options.includes('-g') || !init.child) return;
  const c = init.child;
  const shellStays =
    (c.kind === 'shell-c' && c.stays === true) ||
    (c.kind === 'script' && c.analysis.ending !== 'exec' && c.analysis.ending !== 'unknown');
  if (!shellStays) return;
  // Better than -g where it applies: the shell execs the program, which then gets TERM itself.
  const fixes: Fix[] =
    c.kind === 'shell-c'
      ? shellExecFixes(ctx.path, ctx.model, rt, c).filter((f) => f.title.startsWith('Add exec'))
      : [];
  if (c.kind === 'script') {
    const f = scriptExecFix(c, ctx.context);
    if (f) fixes.push(f);
  }
  ctx.report({
    message: `tini's child is a shell that stays (${c.kind === 'script' ? c.file.relativePath : `${c.shellName} -c`}): SIGTERM reaches the shell only, and the program under it is SIGKILLed when the container ends. \`tini -g\` signals the whole process group, so the program gets TERM too (measured: its handler ran), but tini exits as soon as the shell dies, which cuts a longer shutdown short. Better: make the program tini's direct child (exec form, or \`exec\` before it).`,
    range: instructionAt(rt, init.at).range,
    certain: true,
    fixes,
  });
}

export const initMisuse: DockerfileRule = {
  meta: meta({
    id: 'init-misuse',
    appliesTo: 'dockerfile',
    description:
      'tini/dumb-init installed but unused, tini without `--`, not first in ENTRYPOINT, a shell as its child',
    defaultSeverity: 'warning',
    title: 'Init installed but not used, or used wrongly',
    why: 'Measured: only an init that is PID 1 forwards SIGTERM and reaps (tini -- sleep stops in 0.1 s); an init that is not PID 1 reaps nothing.',
    fixable: true,
  }),
  check(ctx) {
    const rt = ctx.runtime;
    if (!rt) return;
    const pid1 = pid1Layer(rt.layer);
    const inits = [...allLayers(rt.layer)].filter((l): l is InitLayer => l.kind === 'init');
    const first = inits[0];
    if (first && first !== pid1 && !first.options.includes('-s')) {
      ctx.report({
        message: `${first.name} is not PID 1 here (PID 1 is ${rt.verdict.pid1?.program ?? 'another process'}): it cannot reap the container's orphans and gets no signal from \`docker stop\`. Make it the first element of ENTRYPOINT.`,
        range: instructionAt(rt, Math.max(0, first.at)).range,
      });
      return;
    }
    if (first) {
      missingDashDash(ctx, rt, first);
      groupAdvice(ctx, rt, first);
      return;
    }
    if (pid1.kind === 'init') return;
    // An init inside a pipeline or compound command of a shell that stays PID 1.
    if (pid1.kind === 'shell-c' && pid1.analysis.last) {
      for (const st of walkStatements([pid1.analysis.last])) {
        const name = commandName(st)?.split('/').pop();
        if (name && initNames.has(name) && name !== 'init') {
          ctx.report({
            message: `${name} is not PID 1 here (PID 1 is ${pid1.shellName}): it cannot reap the container's orphans and gets no signal from \`docker stop\`. Make it the first element of ENTRYPOINT.`,
            range: instructionAt(rt, Math.max(0, pid1.at)).range,
          });
          return;
        }
      }
    }
    const installed = installedInit(rt);
    if (!installed || rt.command.certain === false) return;
    const wrap = installed.name === 'tini' ? addTiniFix(ctx.path, ctx.model, rt) : null;
    ctx.report({
      message: `${installed.name} is installed (${installed.path}) but not used: PID 1 is ${rt.verdict.pid1?.program ?? 'unknown'}. Put it first in ENTRYPOINT: ["${installed.path}", "--", …].`,
      range: installed.ins.range,
      fixes: wrap ? [{ ...wrap, preferred: true }] : [],
    });
  },
};
