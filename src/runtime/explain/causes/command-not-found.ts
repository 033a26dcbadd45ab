// The command does not exist in the image: the runtime's "executable file not found" at
// start (exec form), or exit 127 from a shell that could not find it (shell form, scripts).
import type { CauseDetector, Finding } from './detector';
import { exitEvidence, hint, type ExitRun } from './run';
import { withHints } from './shared';
import { NOT_FOUND, startError, startEvidence } from './start';

function atStart(run: ExitRun): Finding | undefined {
  const err = startError(run);
  if (!NOT_FOUND.test(err.reason)) return undefined;
  return {
    confidence: 'high',
    summary: `The container never started: "${err.what}" does not exist in the image (exit ${run.exit}).`,
    evidence: startEvidence(run, err),
    fixes: [
      {
        title: 'Correct the command',
        detail: `Check ENTRYPOINT/CMD: \`${err.what}\` is not ${
          err.what.includes('/') ? 'a file in the image' : "on the image's PATH"
        }. A CMD in JSON form with a typo falls back to shell form; a multi-stage build may not have copied it.`,
        anchor: 'command',
      },
    ],
  };
}

function afterExit(run: ExitRun): Finding | undefined {
  if (run.exit !== 127) return undefined;
  const h = hint(run, 'command-not-found');
  return withHints(
    {
      confidence: h ? 'high' : 'medium',
      summary: `A command was not found (exit 127)${h ? `: "${h.line}"` : ''}.`,
      evidence: exitEvidence(run),
      fixes: [],
    },
    h
      ? [h]
      : [
          {
            id: 'command-not-found',
            line: '',
            title: 'exit 127 means "command not found"',
            fix: {
              title: 'Check CMD/ENTRYPOINT and PATH',
              detail:
                'A shell-form CMD or a script calls a program the image lacks; a CRLF shebang gives 127 too.',
            },
          },
        ],
  );
}

export const commandNotFound: CauseDetector = {
  id: 'command-not-found',
  why: 'The command does not exist in the image (or not on its PATH).',
  docs: 'docs/causes/command-not-found.md',
  detect(run) {
    if (run.phase === 'start') return atStart(run);
    if (run.phase === 'exited' && !run.request && run.signal !== 9) return afterExit(run);
    return undefined;
  },
};
