// What the explorer, `ps`, the audit and the stop test show of a container's PID 1, and the
// judge that produces it. Types and pure mapping only: this module does not load the model
// (and its shell parser), so the extension host can carry it and ask the language server to
// judge (src/server), while the CLI and the tests judge in process (./pid1.ts).
import type { RuntimeVerdict } from '../../model/types';

export type Verdict = 'yes' | 'no' | 'unknown';

export interface Pid1Judgement {
  /** argv PID 1 runs (as configured, or as measured). */
  argv: string[];
  program: string;
  handlesSigterm: Verdict;
  reaps: Verdict;
  /** Why, in one paragraph, for the tooltip: the model's reasons. */
  reason: string;
  /** Measured signal evidence, when PID 1's masks were read from /proc. */
  sigtermEvidence?: string;
  /** Where the facts came from: the container config, the host's /proc, or the workspace Dockerfile. */
  basis: 'config' | 'host-proc' | 'dockerfile';
  /** The model's verdict, with the keys of `lint`'s `runtime`. */
  verdict: RuntimeVerdict;
}

/** What Docker runs as PID 1: Entrypoint followed by Cmd. */
export function configuredArgv(config: {
  Entrypoint?: string[] | string | null;
  Cmd?: string[] | string | null;
}): string[] {
  const asList = (v: string[] | string | null | undefined): string[] =>
    v === null || v === undefined ? [] : Array.isArray(v) ? v : [v];
  return [...asList(config.Entrypoint), ...asList(config.Cmd)];
}

/** What the model needs of a container besides its argv. */
export interface ContainerFacts {
  /** Config.Image: its name gives the base family (which /bin/sh), when it is a known one. */
  image?: string;
  /** Config.StopSignal (SIGTERM when unset). */
  stopSignal?: string;
  /** Config.WorkingDir. */
  workdir?: string;
}

/** What the host's /proc says about PID 1's disposition of the stop signal. */
export interface SignalMeasurement {
  /** SigCgt has the signal: a handler is installed. */
  handler: boolean | undefined;
  /** SigBlk has it: it is queued, for sigwait/signalfd to take. */
  blocked?: boolean;
  /**
   * PID 1 sleeps in rt_sigtimedwait (wchan do_sigtimedwait): how tini and docker-init wait
   * for signals. While waiting, the kernel unblocks the waited set, so SigBlk and SigCgt are
   * both empty, yet the signals are delivered.
   */
  inSigwait?: boolean;
}

/** Does PID 1 take the signal, from its masks and wchan (null: the masks were not readable). */
export function takesSignal(m: SignalMeasurement): boolean | null {
  if (m.inSigwait || m.handler || m.blocked) return true;
  return m.handler === undefined ? null : false;
}

const yesNo = (v: boolean | null): Verdict => (v === null ? 'unknown' : v ? 'yes' : 'no');

/** A verdict of the model as the explorer's judgement. */
export function judgementOfVerdict(
  verdict: RuntimeVerdict,
  argv: string[],
  basis: Pid1Judgement['basis'],
  sigtermEvidence?: string,
): Pid1Judgement {
  return {
    argv: verdict.pid1?.argv ?? argv,
    program: verdict.pid1?.program ?? (argv[0]?.split('/').pop() || ''),
    handlesSigterm: yesNo(verdict.gracefulStop),
    reaps: yesNo(verdict.reapsZombies),
    reason: verdict.reasons.join(' '),
    sigtermEvidence,
    basis,
    verdict,
  };
}

/** What a judge is asked: the argv Docker starts (config) or PID 1's /proc cmdline (measured). */
export interface Pid1Question {
  /** Entrypoint + Cmd (without docker-init), or PID 1's real argv when `signals` is set. */
  argv: string[];
  /** HostConfig.Init (config questions only: a measured argv already shows docker-init). */
  init: boolean;
  facts: ContainerFacts;
  /** PID 1's signal masks from the host's /proc: the argv is measured. */
  signals?: SignalMeasurement;
}

/** Judges PID 1 with the one model, in process or through the language server. */
export type Pid1Judge = (question: Pid1Question) => Promise<Pid1Judgement>;

/** What a container view says of its config (a ContainerView has these). */
export interface ConfigView {
  entrypoint?: string[] | string | null;
  cmd?: string[] | string | null;
  init: boolean;
  image?: string;
  stopSignal?: string;
  workdir?: string;
}

/** The question for a container view's config. */
export function configQuestion(v: ConfigView): Pid1Question {
  return {
    argv: configuredArgv({ Entrypoint: v.entrypoint, Cmd: v.cmd }),
    init: v.init,
    facts: { image: v.image, stopSignal: v.stopSignal, workdir: v.workdir },
  };
}

export function basename(path: string): string {
  const i = path.lastIndexOf('/');
  return i >= 0 ? path.slice(i + 1) : path;
}
