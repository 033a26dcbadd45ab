// A container's PID 1 judged by the one model (src/model/pid1.ts): the argv Docker starts
// (Entrypoint + Cmd, `--init` puts docker-init first) or, on a local engine, PID 1's real
// /proc/<pid>/cmdline with its signal masks; the base family read from the image name; the
// stop signal from Config.StopSignal. The explorer, `ps`, the audit and the stop test all
// come here, so they cannot disagree.
import { imageFamily } from '../../model/knowledge/images';
import { normaliseSignal, signalNumber } from '../../model/knowledge/signals';
import { analysePid1, type LiveFacts } from '../../model/pid1';
import type { RuntimeVerdict } from '../../model/types';
import { readHostPid1 } from './list';
import type { ContainerView } from './model';
import {
  configQuestion,
  configuredArgv,
  judgementOfVerdict,
  type ConfigView,
  takesSignal,
  type ContainerFacts,
  type Pid1Judge,
  type Pid1Judgement,
  type SignalMeasurement,
} from './judgement';

export * from './judgement';

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
export function judgePid1OfView(v: ConfigView): Pid1Judgement {
  return judgeInProcess(configQuestion(v));
}

/** The question answered in process (the CLI, the tests, the language server). */
export function judgeInProcess(q: {
  argv: string[];
  init: boolean;
  facts: ContainerFacts;
  signals?: SignalMeasurement;
}): Pid1Judgement {
  return q.signals
    ? judgePid1Measured(q.argv, q.signals, q.facts)
    : judgePid1FromConfig({ Entrypoint: q.argv, Cmd: [] }, q.init, q.facts);
}

/** judgeInProcess as a Pid1Judge. */
export const modelJudge: Pid1Judge = async (q) => judgeInProcess(q);

/**
 * Measured PID 1 judgement from the host's /proc (local engines only): its real argv and
 * its disposition of the container's stop signal. Undefined when /proc cannot show it.
 */
export function measurePid1(view: ContainerView, procRoot = '/proc'): Pid1Judgement | undefined {
  if (!view.running || !view.pid) return undefined;
  const signal = signalNumber(view.stopSignal || 'TERM') ?? 15;
  const host = readHostPid1(view.pid, signal, procRoot);
  return host ? judgePid1Measured(host.argv, host.signals, view) : undefined;
}

/**
 * The PID 1 judgement of a container as the explorer and `ps` show it: measured from the
 * host's /proc on a local engine while it runs, else from its config.
 */
export function liveJudgement(
  view: ContainerView,
  local: boolean,
  procRoot = '/proc',
): Pid1Judgement {
  return (local ? measurePid1(view, procRoot) : undefined) ?? judgePid1OfView(view);
}
