// A PID 1 that will ignore the stop signal: exec-form node or python without a handler,
// an entrypoint script that neither execs nor traps. The kernel delivers no signal to PID 1
// without a handler (docs/measurements.md).
import { pid1Layer } from '../layers';
import { addTiniFix } from '../fixes/add-tini';
import { scriptExecFix } from '../fixes/exec';
import type { Fix } from '../types';
import { instructionAt, meta, type DockerfileRule } from './rule';

export const pid1IgnoresSigterm: DockerfileRule = {
  meta: meta({
    id: 'pid1-ignores-sigterm',
    appliesTo: 'dockerfile',
    description:
      'a PID 1 that will ignore the stop signal (node or python without a handler, a script that neither execs nor traps)',
    defaultSeverity: 'warning',
    title: 'PID 1 ignores the stop signal',
    why: 'Measured: a PID 1 without a SIGTERM handler (node, python, sleep, a shell) is SIGKILLed after the grace period (exit 137); tini in front stops in 0.1 s.',
    fixable: true,
  }),
  check(ctx) {
    const rt = ctx.runtime;
    if (!rt || rt.verdict.gracefulStop !== false) return;
    const layer = pid1Layer(rt.layer);
    const stop = `SIG${rt.command.stopSignal}`;
    const fixes: Fix[] = [];
    let message: string;
    if (layer.kind === 'program' && isInteractive(layer.name, layer.argv, layer.facts?.kind))
      return;
    if (layer.kind === 'program') {
      const handlerNote = layer.handler ? ` (${layer.handler.path} installs no handler)` : '';
      message = `${layer.name} runs as PID 1 and ignores ${stop}${handlerNote}: \`docker stop\` waits the grace period, then SIGKILL (exit 137). Put an init in front (tini, \`docker run --init\`) or handle ${stop} in the app.`;
      if (layer.name === 'python' && rt.command.stopSignal === 'TERM') {
        message += ' Python stops at once on SIGINT (measured): `STOPSIGNAL SIGINT` also works.';
      }
    } else if (
      layer.kind === 'script' &&
      (layer.analysis.ending === 'foreground' || layer.analysis.ending === 'unknown')
    ) {
      message = `The entrypoint script ${layer.file.relativePath} stays PID 1 (no \`exec\`, no TERM trap) and ignores ${stop}: \`docker stop\` waits the grace period, then SIGKILL.`;
      const f = scriptExecFix(layer, ctx.context);
      if (f) fixes.push(f);
    } else return;
    const tini = addTiniFix(ctx.path, ctx.model, rt);
    if (tini) fixes.push(tini);
    if (layer.kind === 'program' && layer.name === 'python' && rt.command.stopSignal === 'TERM') {
      const last = rt.stage.instructions[rt.stage.instructions.length - 1] ?? rt.stage.from;
      const p = ctx.model.lines.positionAt(last.end);
      fixes.push({
        title: 'Add STOPSIGNAL SIGINT (Python stops on SIGINT)',
        preferred: false,
        edits: [{ path: ctx.path, range: { start: p, end: p }, newText: '\nSTOPSIGNAL SIGINT' }],
      });
    }
    const related =
      layer.kind === 'script'
        ? [
            {
              path: ctx.context.pathOf(layer.file.relativePath),
              range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
              message: 'the entrypoint script',
            },
          ]
        : [];
    ctx.report({
      message,
      range: instructionAt(rt, Math.max(0, layer.at)).range,
      certain: rt.command.certain,
      fixes,
      related,
    });
  },
};

/**
 * A shell or language runtime without a script (`bash`, `python3`, `node`, `jshell`): the
 * interactive default of base and tooling images, meant for `docker run -it`, not a service.
 */
function isInteractive(name: string, argv: string[], kind: string | undefined): boolean {
  const runtimeOrShell = kind === 'shell' || kind === 'runtime' || name === 'irb' || name === 'php';
  return runtimeOrShell && argv.slice(1).every((a) => a.startsWith('-'));
}
