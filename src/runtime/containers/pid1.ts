// A container's PID 1 judged by the one model (src/model/pid1.ts): the argv Docker starts
// (Entrypoint + Cmd, `--init` puts docker-init first) or, on a local engine, PID 1's real
// /proc/<pid>/cmdline with its signal masks; the base family read from the image name; the
// stop signal from Config.StopSignal. The explorer, `ps`, the audit and the stop test all
// come here, so they cannot disagree.
import { imageFamily } from '../../model/knowledge/images';
import { normaliseSignal } from '../../model/knowledge/signals';
import { analysePid1, type LiveFacts } from '../../model/pid1';
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

function judge(
  argv: string[],
  facts: ContainerFacts,
  basis: Pid1Judgement['basis'],
  signals?: SignalMeasurement,
): Pid1Judgement {
  const live: LiveFacts | undefined = signals
    ? { catchesStopSignal: takesSignal(signals) }
    : undefined;
  const stopSignal = normaliseSignal(facts.stopSignal || 'SIGTERM');
  if (argv.length === 0) {
    const verdict: RuntimeVerdict = {
      pid1: null,
      viaShell: false,
      gracefulStop: null,
      reapsZombies: null,
      init: null,
      reasons: ['No command is configured.'],
    };
    return judgementOfVerdict(verdict, argv, basis);
  }
  const reasons = stopSignal !== 'TERM' ? [`The stop signal is SIG${stopSignal}.`] : [];
  const { verdict } = analysePid1(
    argv,
    {
      family: facts.image ? imageFamily(facts.image) : null,
      workdir: facts.workdir || '/',
      stopSignal,
      measured: basis === 'host-proc',
    },
    reasons,
    live,
  );
  const evidence = signals ? signalEvidence(signals, `SIG${stopSignal}`) : undefined;
  return judgementOfVerdict(verdict, argv, basis, evidence);
}

/** Judge PID 1 from the container's config alone (Entrypoint + Cmd, HostConfig.Init). */
export function judgePid1FromConfig(
  config: { Entrypoint?: string[] | string | null; Cmd?: string[] | string | null },
  init: boolean | null | undefined,
  facts: ContainerFacts = {},
): Pid1Judgement {
  const argv = configuredArgv(config);
  // `docker run --init`: the daemon starts its docker-init (tini) with `--` and the command.
  return judge(init ? ['/sbin/docker-init', '--', ...argv] : argv, facts, 'config');
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

/** What the masks and wchan showed, in a sentence for the tooltip. */
function signalEvidence(m: SignalMeasurement, sig: string): string | undefined {
  if (m.inSigwait)
    return `PID 1 waits for signals in sigtimedwait (as tini and docker-init do), so ${sig} is delivered to it (wchan in /proc)`;
  if (m.handler) return `PID 1 has a ${sig} handler installed (SigCgt in /proc)`;
  if (m.blocked)
    return `PID 1 blocks ${sig} to take it with sigwait or a signalfd, so it is delivered (SigBlk in /proc)`;
  if (m.handler === undefined) return undefined;
  return `PID 1 has no ${sig} handler installed and does not wait for signals (SigCgt, SigBlk and wchan in /proc); the kernel does not apply the default action to a namespace PID 1`;
}

/**
 * Judge PID 1 from what the host's /proc showed: its real argv (the top process is PID 1
 * now, not a prediction) and its disposition of the stop signal, which refines the tables.
 */
export function judgePid1Measured(
  argv: string[],
  signals: SignalMeasurement,
  facts: ContainerFacts = {},
): Pid1Judgement {
  return judge(argv, facts, 'host-proc', signals);
}

/** judgePid1FromConfig for a ContainerView-like object. */
export function judgePid1OfView(v: {
  entrypoint?: string[] | string | null;
  cmd?: string[] | string | null;
  init: boolean;
  image?: string;
  stopSignal?: string;
  workdir?: string;
}): Pid1Judgement {
  return judgePid1FromConfig({ Entrypoint: v.entrypoint, Cmd: v.cmd }, v.init, v);
}

export function basename(path: string): string {
  const i = path.lastIndexOf('/');
  return i >= 0 ? path.slice(i + 1) : path;
}
