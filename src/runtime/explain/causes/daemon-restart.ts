// The Docker daemon died or restarted while the container ran: without live-restore the
// new daemon stops the containers it finds, and the old daemon's events die with it.
import { signalName, signalNumber } from '../../../model/knowledge/signals';
import type { CauseDetector } from './detector';
import { secs } from './shared';

export const daemonRestart: CauseDetector = {
  id: 'daemon-restart',
  why: 'The Docker daemon died or restarted while the container ran and took it down.',
  docs: 'docs/causes/daemon-restart.md',
  detect(run) {
    const d = run.daemon;
    if (run.phase !== 'exited' || !d?.tookItDown) return undefined;
    const e = run.evidence;
    const evidence = [...run.base];
    evidence.push({
      source: 'daemon',
      detail: `dockerd started at ${e.engine.daemonStartedAt} (host /proc), after this run started${
        d.gap >= 0
          ? `; the run ended ${secs(d.gap)} later`
          : `; the run ended ${secs(-d.gap)} before`
      }`,
    });
    if (d.restoreKills.length) {
      const sigs = d.restoreKills
        .map((k) => signalName(signalNumber(k.attributes.signal) ?? 0))
        .join(', then ');
      evidence.push({
        source: 'events',
        detail: `the new daemon stopped it while starting up (${sigs}, from ${d.restoreKills[0].time}); no earlier events survive`,
      });
    } else
      evidence.push({
        source: 'events',
        detail:
          'no events of this run from before the restart survive: the daemon keeps events in memory only',
      });
    if (e.engine.liveRestore === false)
      evidence.push({
        source: 'daemon',
        detail: 'live-restore is off: a restarting daemon stops the containers it finds running',
      });
    if (e.state.oomKilled)
      evidence.push({
        source: 'state',
        detail: 'OOMKilled is true: a process of it was OOM-killed during its life',
      });
    return {
      confidence: d.restoreKills.length || d.gap >= -1000 ? 'high' : 'medium',
      summary: `The Docker daemon died or restarted while the container ran and took it down (exit ${run.exit}); the daemon's events from before its restart are lost.`,
      evidence,
      fixes: [
        {
          title: 'Find out why dockerd restarted',
          detail:
            '`journalctl -u docker` and the kernel log around that time: a host out of memory kills dockerd too, and with it every container (docs/causes/daemon-restart.md).',
        },
        {
          title: 'Keep containers across daemon restarts',
          detail:
            'Set `"live-restore": true` in /etc/docker/daemon.json; give services a restart policy (`always`; measured on Engine 20.10, `unless-stopped` did not bring back a container the restarting daemon stopped).',
        },
      ],
    };
  },
};
