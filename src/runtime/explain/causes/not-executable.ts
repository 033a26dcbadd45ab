// The command exists but cannot be executed: no x bit, a binary for another CPU, a CRLF
// shebang or a missing interpreter. At start (the runtime's error) or as exit 126/127
// with the reason in the log.
import type { ExplainFix } from '../types';
import type { CauseDetector, Finding } from './detector';
import { exitEvidence, hint, type ExitRun } from './run';
import { lowerFirst, withHints } from './shared';
import { NOT_EXECUTABLE, NOT_FOUND, startError, startEvidence } from './start';

function atStart(run: ExitRun): Finding | undefined {
  const err = startError(run);
  if (NOT_FOUND.test(err.reason) || !NOT_EXECUTABLE.test(err.reason)) return undefined;
  const format = /exec format error/.test(err.message);
  const fix: ExplainFix = format
    ? {
        title: 'Build for this platform, or add a shebang',
        detail: 'The binary is for another CPU architecture, or a script lacks its `#!` line.',
        anchor: 'command',
      }
    : {
        title: 'Give the file its x bit',
        detail: `\`COPY --chmod=755 ${err.what} ${err.what}\` or \`RUN chmod +x ${err.what}\`; a volume mounted noexec gives the same error.`,
        anchor: 'command',
      };
  return {
    confidence: 'high',
    summary: format
      ? `The container never started: "${err.what}" is not an executable for this machine (exec format error).`
      : `The container never started: "${err.what}" is not executable (permission denied).`,
    evidence: startEvidence(run, err),
    fixes: [fix],
  };
}

function afterExit(run: ExitRun): Finding | undefined {
  const execHint =
    hint(run, 'crlf-shebang') ?? hint(run, 'exec-missing-interpreter') ?? hint(run, 'exec-format');
  const denied = hint(run, 'permission-denied');
  if (!(run.exit === 126 || execHint || (run.exit === 127 && denied))) return undefined;
  const h = execHint ?? denied;
  return withHints(
    {
      confidence: h ? 'high' : 'medium',
      summary: h
        ? `The command could not be executed: ${lowerFirst(h.title)} (exit ${run.exit}).`
        : `The command was found but could not be executed (exit 126: permissions or exec format).`,
      evidence: exitEvidence(run),
      fixes: h
        ? []
        : [
            {
              title: 'Give the file its x bit',
              detail: '`COPY --chmod=755` or `RUN chmod +x`; check the architecture with `file`.',
              anchor: 'command',
            },
          ],
    },
    h ? [h] : [],
  );
}

export const notExecutable: CauseDetector = {
  id: 'not-executable',
  why: 'The command exists but cannot be executed: no x bit, another CPU architecture, a CRLF shebang or a missing interpreter.',
  docs: 'docs/causes/not-executable.md',
  detect(run) {
    if (run.phase === 'start') return atStart(run);
    if (run.phase === 'exited' && !run.request && run.signal !== 9) return afterExit(run);
    return undefined;
  },
};
