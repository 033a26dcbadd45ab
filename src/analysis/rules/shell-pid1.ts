// A shell left as PID 1: `sh -c` that the image's shell family does not exec (dash never;
// bash not with redirections/pipes/traps; BusyBox ash not with pipes/traps), or `["sh","-c",…]`
// without `exec`. The shell has no TERM handler: `docker stop` waits the grace period.
import { pid1Layer } from '../layers';
import { shellExecFixes } from '../fixes/exec';
import { addTiniGroupFix } from '../fixes/tini-group';
import { instructionAt, meta, type DockerfileRule } from './rule';

export const shellPid1: DockerfileRule = {
  meta: meta({
    id: 'shell-pid1',
    appliesTo: 'dockerfile',
    description:
      'a shell left as PID 1 (shell form the shell does not exec, `["sh","-c","…"]` without `exec`, pipelines)',
    defaultSeverity: 'warning',
    title: 'A shell stays PID 1',
    why: 'Measured: `/bin/sh -c` as PID 1 (dash, bash or ash) takes the full grace period on `docker stop`, then SIGKILL (exit 137).',
    fixable: true,
  }),
  check(ctx) {
    const rt = ctx.runtime;
    if (!rt) return;
    const layer = pid1Layer(rt.layer);
    if (layer.kind !== 'shell-c' || rt.verdict.gracefulStop === true) return;
    if (layer.stays === null && layer.family === null && layer.shellName === 'sh') {
      // Unknown base image: dash (Debian/Ubuntu) would stay, bash and BusyBox ash would exec.
      const fixes = shellExecFixes(ctx.path, ctx.model, rt, layer);
      if (fixes.length === 0) return;
      ctx.report({
        message: `Whether \`/bin/sh -c\` stays PID 1 here depends on ${rt.stage.image}, which is not known: dash (Debian, Ubuntu) stays and ignores SIGTERM, bash and BusyBox ash exec the command. Exec form or \`exec\` removes the question.`,
        range: instructionAt(rt, layer.scriptAt >= 0 ? layer.scriptAt : layer.at).range,
        certain: false,
        fixes,
      });
      return;
    }
    if (layer.stays !== true) return;
    const ins = instructionAt(rt, layer.scriptAt >= 0 ? layer.scriptAt : layer.at);
    const a = layer.analysis;
    const child = (
      a.shape === 'pipe' || a.lastWords.length === 0
        ? layer.script
        : a.lastWords.map((w) => w.value ?? '…').join(' ')
    ).trim();
    const shellName = layer.family === 'ash' ? 'BusyBox ash' : (layer.family ?? layer.shellName);
    const why =
      a.shape === 'pipe'
        ? 'a pipeline keeps the shell in every shell family'
        : a.shape === 'trap'
          ? 'a trap keeps the shell (and runs only after the child exits)'
          : a.shape === 'redirect'
            ? `${shellName} does not exec a command with a redirection`
            : a.shape === 'compound'
              ? 'the shell runs a compound command itself'
              : a.shape === 'group' || a.shape === 'subshell' || a.shape === 'branch'
                ? `${shellName} does not exec the last command inside ${a.shape === 'group' ? 'a `{ }` group' : a.shape === 'subshell' ? 'a `( )` subshell' : 'an `if`'} (measured)`
                : layer.family === 'dash'
                  ? `${rt.stage.image} runs /bin/sh = dash, which never execs the last command`
                  : `${shellName} keeps this command as a child`;
    const fixes = shellExecFixes(ctx.path, ctx.model, rt, layer);
    // No plain "add tini" here: under tini the shell behaves the same (it stays, as tini's
    // child) and the program never sees TERM (measured by test/docker/engine). For a pipeline
    // `tini -g` signals the whole group, so the program gets TERM (measured).
    const group = a.shape === 'pipe' ? addTiniGroupFix(ctx.path, ctx.model, rt) : null;
    if (group) fixes.push(group);
    const shellStaysUnderInit = a.shape === 'trap' || a.shape === 'compound';
    ctx.report({
      message:
        `${layer.shellName} stays PID 1 and runs \`${child}\` as its child (${why}). The shell ignores SIGTERM: \`docker stop\` waits the grace period, then SIGKILL (exit 137).` +
        (shellStaysUnderInit
          ? ' An init in front does not help: the shell stays as its child and the program still gets no SIGTERM. Run the program directly (exec form) and do the piping or trapping in the program or outside the container.'
          : a.shape === 'pipe'
            ? ' Plain tini in front stops fast but signals only the shell, and the program is SIGKILLed; `tini -g` signals the whole process group, so the program gets SIGTERM and its handler starts (measured). tini exits as soon as the shell dies, so a shutdown that takes time is cut short: for a complete one, run the program without the pipe.'
            : ''),
      range: ins.range,
      certain: rt.command.certain && layer.family !== null,
      fixes,
    });
  },
};
