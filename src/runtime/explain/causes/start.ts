// What the daemon said when it could not start the container (State.Error), split into
// the program it tried to exec and the reason. Shared by the start-time detectors.
import type { ExitRun } from './run';

export interface StartError {
  /** State.Error as the daemon wrote it ('' when the container was never started). */
  message: string;
  /** The program the runtime tried to exec (or the container's Path). */
  what: string;
  /** The runtime's reason after `exec: "…": `, when it is an exec failure. */
  reason: string;
}

export function startError(run: ExitRun): StartError {
  const message = run.evidence.state.error;
  const exec = /exec: "([^"]*)": (.*?)(: unknown)?$/.exec(message);
  return { message, what: exec?.[1] ?? run.evidence.container.path, reason: exec?.[2] ?? '' };
}

export const NOT_FOUND = /executable file not found|no such file or directory/;
export const NOT_EXECUTABLE = /permission denied|exec format error/;

/**
 * The evidence of a start failure: Docker's State.Error, or for a pod the terminated reason
 * (StartError, ContainerCannotRun) with the runtime's message, as the Pod's status shows it.
 */
export function startEvidence(run: ExitRun, err: StartError): { source: string; detail: string }[] {
  if (run.evidence.kubernetes?.terminatedReason) return [...run.base];
  return [{ source: 'state', detail: `Error: ${err.message}` }];
}
