// The exit causes, in the order they are tried: the first detector that recognises the
// run names its cause. The order is the argument: a swarm's own decisions (no node for a
// task, an update stopped by failing tasks) explain a service before its container does;
// the kubelet's own decisions (eviction, image and config failures) explain a pod before
// anything else; a restart of the daemon explains everything after it; a failed liveness
// probe or a request (docker stop, docker kill, a pod deletion) explains a signal in the
// exit code; the OOM killer explains 137 before an outside SIGKILL does; exec failures
// explain 126/127 before a program's own status; app-error takes what is left.
import type { CauseId } from '../types';
import { appError } from './app-error';
import { commandNotFound } from './command-not-found';
import { completed } from './completed';
import { createConfigError } from './create-config-error';
import { daemonRestart } from './daemon-restart';
import type { CauseDetector, Verdict } from './detector';
import { evicted } from './evicted';
import { imagePull } from './image-pull';
import { killed } from './killed';
import { livenessProbe } from './liveness-probe';
import { notExecutable } from './not-executable';
import { oomKilled } from './oom-killed';
import type { ExitRun } from './run';
import { running } from './running';
import { sigkillExternal } from './sigkill-external';
import { signal } from './signal';
import { startFailed } from './start-failed';
import { stopTimeout } from './stop-timeout';
import { stopped } from './stopped';
import { taskUnschedulable } from './task-unschedulable';
import { updateFailed } from './update-failed';

export type { CauseDetector, EvidenceItem, Finding, Verdict } from './detector';
export { exitRun, latestRun, phaseOf, type ExitRun, type Phase } from './run';

export const detectors: readonly CauseDetector[] = [
  taskUnschedulable,
  updateFailed,
  evicted,
  imagePull,
  createConfigError,
  running,
  daemonRestart,
  livenessProbe,
  stopTimeout,
  stopped,
  killed,
  oomKilled,
  sigkillExternal,
  notExecutable,
  commandNotFound,
  startFailed,
  signal,
  completed,
  appError,
];

/** The first detector's finding, with its cause id. */
export function detect(run: ExitRun): Verdict {
  for (const d of detectors) {
    const found = d.detect(run);
    if (found) return { cause: d.id, ...found };
  }
  // Unreachable: each phase ends with a detector that always answers (running,
  // start-failed, app-error); the registry's spec holds that.
  throw new Error(`no exit-cause detector recognised a container in phase ${run.phase}`);
}

/** A cause's sentence and docs page (for adapters that link to it). */
export function causeInfo(id: CauseId): Pick<CauseDetector, 'why' | 'docs'> {
  const d = detectors.find((x) => x.id === id);
  return { why: d?.why ?? '', docs: d?.docs ?? '' };
}
