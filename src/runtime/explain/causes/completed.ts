// Exit 0 without a stop request: the main process ended by itself. For a service that is
// the symptom of a program that backgrounded or daemonised itself.
import type { CauseDetector } from './detector';
import { exitEvidence } from './run';
import { secs, withHints } from './shared';

export const completed: CauseDetector = {
  id: 'completed',
  why: 'The main process ended by itself with 0, without a stop request.',
  docs: 'docs/causes/completed.md',
  detect(run) {
    if (run.phase !== 'exited' || run.request || run.exit !== 0) return undefined;
    const short = run.runMs !== undefined && run.runMs < 5000;
    return withHints(
      {
        confidence: run.eventsKnown ? 'high' : 'medium',
        summary: `The main process ended by itself with 0 after ${
          run.runMs !== undefined ? secs(run.runMs) : 'its run'
        }, without a stop request${
          short ? ': for a service this usually means it backgrounded or daemonised itself' : ''
        }.`,
        evidence: exitEvidence(run),
        fixes: [
          {
            title: 'For a service: keep it in the foreground',
            detail:
              'PID 1 must be the long-running program: no `&` or `nohup` in the start script, foreground flags (`nginx -g "daemon off;"`, `httpd -DFOREGROUND`, `redis-server --daemonize no`), and `exec` it at the end of the script.',
            anchor: 'command',
          },
        ],
      },
      run.hints,
    );
  },
};
