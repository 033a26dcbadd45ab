// Exit 128+n without a request through Docker: the program died of signal n, its own
// crash (SIGSEGV, SIGABRT, …) or sent by a process outside Docker.
import { signalName } from '../../../model/knowledge/signals';
import type { ExplainFix } from '../types';
import type { CauseDetector } from './detector';
import { exitEvidence } from './run';
import { lowerFirst, withHints } from './shared';

/** Signals a program raises on itself by crashing: SIGILL, SIGABRT, SIGBUS, SIGFPE, SIGSEGV, SIGSYS. */
const SELF_INFLICTED = [4, 6, 7, 8, 11, 31];

/** Log hints that say why a runtime gave up, in the order they are believed. */
const CRASH_HINTS = ['node-heap', 'java-heap', 'java-native-thread', 'missing-library', 'segfault'];

function ownFix(sig: number): ExplainFix {
  return {
    title: sig === 6 ? 'Read the abort message' : 'Find the crash',
    detail:
      sig === 6
        ? 'SIGABRT comes from abort(): an assertion, a C++ exception nobody caught, a JVM crash (hs_err_pid*.log), glibc detecting heap corruption.'
        : 'Native code crashed: run with core dumps (`--ulimit core=-1`) and check native modules built against another libc.',
  };
}

export const signal: CauseDetector = {
  id: 'signal',
  why: 'The program died of a signal that did not come through Docker: its own crash, or a process outside Docker.',
  docs: 'docs/causes/signal.md',
  detect(run) {
    const sig = run.signal;
    if (run.phase !== 'exited' || run.request || sig === undefined || sig === 9) return undefined;
    const name = signalName(sig);
    const own = SELF_INFLICTED.includes(sig);
    const evidence = exitEvidence(run);
    evidence.push({
      source: 'events',
      detail: run.eventsKnown ? 'no kill request through Docker' : run.eventsMissing,
    });
    // A runtime that gave up (heap exhausted, …) aborts; as PID 1 without a SIGABRT handler
    // the kernel drops the signal and glibc's abort() falls through to a fault: SIGSEGV
    // (measured here: node out of heap as PID 1 exits 139). The log says the real reason.
    const why = run.hints.find((h) => CRASH_HINTS.includes(h.id));
    const fixes: ExplainFix[] = own
      ? [ownFix(sig)]
      : [
          {
            title: 'Find the sender',
            detail:
              'Something outside Docker sent it: a host script, systemd, a supervisor in the container.',
          },
        ];
    const ordered = why ? [why, ...run.hints.filter((h) => h !== why)] : run.hints;
    const exitText = `exit ${run.exit} = 128 + ${sig}`;
    return withHints(
      {
        confidence: own ? 'high' : run.eventsKnown ? 'medium' : 'low',
        summary: why
          ? `The program died of ${name} (${exitText}) after ${lowerFirst(why.title)}: "${why.line}"${
              sig === 11 && why.id !== 'segfault'
                ? '; its abort() ended in SIGSEGV because PID 1 without a handler does not receive SIGABRT'
                : ''
            }.`
          : own
            ? `The program died of ${name} of its own making (${exitText}): a crash, not a request.`
            : `The program died of ${name} (${exitText}), not sent through Docker: from a process on the host or in the container, or the program itself.`,
        evidence,
        fixes: why ? [] : fixes,
      },
      ordered,
    );
  },
};
