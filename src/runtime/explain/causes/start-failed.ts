// The daemon could not start the container for a reason other than its command (a host
// port already taken, a mount, a device), or it was created and never started.
import type { CauseDetector } from './detector';
import { startError } from './start';

export const startFailed: CauseDetector = {
  id: 'start-failed',
  why: 'The daemon could not start the container (a port already taken, a mount, …), or nobody started it.',
  docs: 'docs/causes/start-failed.md',
  detect(run) {
    if (run.phase !== 'start') return undefined;
    const err = startError(run).message;
    const port = /Bind for ([^ ]+) failed: port is already allocated|address already in use/.exec(
      err,
    );
    const e = run.evidence;
    return {
      confidence: err ? 'high' : 'low',
      summary: err
        ? port
          ? `The container never started: host port ${port[1] ?? ''} is already taken by another container or process.`.replace(
              '  ',
              ' ',
            )
          : `The container never started: ${err}`
        : 'The container was created but never started.',
      evidence: err
        ? [{ source: 'state', detail: `Error: ${err}` }]
        : [{ source: 'state', detail: `Status ${e.state.status}, never started` }],
      fixes: port
        ? [
            {
              title: 'Free the port or publish another one',
              detail: `\`docker ps --filter publish=${(port[1] ?? '').split(':').pop()}\` shows the container holding it; change \`-p\` (ports: in compose) for one of them.`,
            },
          ]
        : err
          ? [{ title: 'Fix what the daemon reports', detail: err }]
          : [{ title: 'Start it', detail: `docker start ${e.container.name}` }],
    };
  },
};
