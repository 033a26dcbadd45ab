// Any other exit status: the program chose it. The log tail usually says why; a few
// patterns (a start script's poll loop giving up, fork failures, heap errors) are named.
import type { CauseDetector } from './detector';
import { exitEvidence, hint } from './run';
import { lastLogLine, lowerFirst, withHints } from './shared';

export const appError: CauseDetector = {
  id: 'app-error',
  why: 'The program chose its exit status; its log says why.',
  docs: 'docs/causes/app-error.md',
  detect(run) {
    if (run.phase !== 'exited') return undefined;
    const e = run.evidence;
    const hints = run.hints;
    const poll = hint(run, 'poll-gave-up');
    const last = lastLogLine(e);
    const evidence = exitEvidence(run);
    if (!hints.length && last) evidence.push({ source: 'logs', detail: `last line: "${last}"` });
    if (!e.logs.lines.length) evidence.push({ source: 'logs', detail: 'the log tail is empty' });
    return withHints(
      {
        confidence: hints.length ? 'high' : 'medium',
        summary: poll
          ? `The start script gave up waiting for the service and exited with ${run.exit}: "${poll.line}".`
          : hints.length
            ? `The program exited with ${run.exit}: ${lowerFirst(hints[0].title)}.`
            : `The program chose to exit with ${run.exit}${last ? `; its last words: "${last}"` : ''}.`,
        evidence,
        fixes: hints.length
          ? []
          : [
              {
                title: 'Read the logs',
                detail: `\`docker logs --tail 200 ${e.container.name}\`: the program says why it exits with ${run.exit}.`,
              },
            ],
      },
      hints,
    );
  },
};
