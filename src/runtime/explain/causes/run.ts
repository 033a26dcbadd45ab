// The facts every detector reads, computed once from the evidence: which phase the
// container is in, the events of its latest run, the kill requests before its death,
// the OOM traces, the signal in the exit code, and whether the daemon restarted under it.
import type { LogHint } from '../hints';
import type { ContainerEvent, ExplainEvidence, KernelOomLine } from '../types';
import { signalNumber } from '../../../model/knowledge/signals';
import type { EvidenceItem } from './detector';
import { eventText, isZero, ms } from './shared';

/** running (or paused), never started / failed to start, or exited after a run. */
export type Phase = 'running' | 'start' | 'exited';

export interface DaemonRestart {
  /** When the current dockerd started (ms since the epoch). */
  startedAt: number;
  /** The run's end minus the daemon's start (ms; negative when it ended before). */
  gap: number;
  /** Kills the starting daemon sent itself (stop signal, then SIGKILL). */
  restoreKills: ContainerEvent[];
  /** The restart explains the death (no later request through Docker, close in time). */
  tookItDown: boolean;
}

/** A request through Docker before the death: docker stop (signal, maybe SIGKILL) or docker kill. */
export interface DockerRequest {
  first: ContainerEvent;
  firstSignal: number | undefined;
  /** A SIGKILL after the first signal: what docker stop sends when the grace period ends. */
  kill9: ContainerEvent | undefined;
  /** A stop (not a bare kill): a `stop` event, or the stop signal followed by SIGKILL. */
  isStop: boolean;
}

/** A Kubernetes pod deletion: SIGTERM at the request, SIGKILL when the grace period ends. */
export interface PodDeletion {
  /** When the kubelet was asked to stop it: deletionTimestamp minus the grace period (ms). */
  requestedAt: number;
  /** deletionTimestamp: the end of the grace period (ms). */
  deadline: number;
  graceSeconds: number;
  /** The run ended after the request (so the deletion explains it). */
  endedAfterRequest: boolean;
  /** The run ended at the end of the grace period (within 2 s). */
  atDeadline: boolean;
}

export interface ExitRun {
  evidence: ExplainEvidence;
  phase: Phase;
  hints: LogHint[];
  exit: number;
  /** The events of the latest run: from its `start` (or StartedAt when starts are gone). */
  events: ContainerEvent[];
  hasStart: boolean;
  /** The events say what happened to this run (its start or its death is there). */
  eventsKnown: boolean;
  /** How to say that the events of this run are missing (forgotten, or never given). */
  eventsMissing: string;
  die: ContainerEvent | undefined;
  /** Kill requests up to the death. */
  kills: ContainerEvent[];
  request: DockerRequest | undefined;
  oomEvents: ContainerEvent[];
  /** The host's OOM killer (not the container's cgroup) in the kernel log. */
  hostOom: KernelOomLine | undefined;
  cgroupOomLine: KernelOomLine | undefined;
  /** n when the exit code is 128+n. */
  signal: number | undefined;
  stopSignal: string;
  runMs: number | undefined;
  /** OOMKilled is sticky and container-wide: with exit ≠ 137 (or a request) it was a child. */
  childOom: boolean;
  oomAt: string | undefined;
  daemon: DaemonRestart | undefined;
  deletion: PodDeletion | undefined;
  /** The evidence every exit finding starts with. */
  base: EvidenceItem[];
}

export function phaseOf(e: ExplainEvidence): Phase {
  if ((e.state.running && !e.state.restarting) || e.state.paused) return 'running';
  if (isZero(e.state.startedAt) || (e.state.error && !e.state.running)) return 'start';
  return 'exited';
}

/** The events of the latest run: after the last `start` (or after StartedAt when starts are gone). */
export function latestRun(e: ExplainEvidence): { events: ContainerEvent[]; hasStart: boolean } {
  const items = e.events.items;
  let lastStart = -1;
  for (let i = items.length - 1; i >= 0; i--)
    if (items[i].action === 'start') {
      lastStart = i;
      break;
    }
  if (lastStart >= 0) return { events: items.slice(lastStart), hasStart: true };
  if (isZero(e.state.startedAt)) return { events: items, hasStart: false };
  const started = ms(e.state.startedAt);
  return { events: items.filter((ev) => ms(ev.time) >= started - 1000), hasStart: false };
}

function dockerRequest(kills: ContainerEvent[], stopped: boolean): DockerRequest | undefined {
  const first = kills[0];
  if (!first) return undefined;
  const firstSignal = signalNumber(first.attributes.signal);
  const kill9 = kills.find((k, i) => i > 0 && signalNumber(k.attributes.signal) === 9);
  return { first, firstSignal, kill9, isStop: stopped || (!!kill9 && firstSignal !== 9) };
}

/**
 * The daemon went away while the container ran: it started under an earlier dockerd and
 * ended within moments of the current one starting (without live-restore the new daemon
 * kills what it finds; its memory of earlier events is gone).
 */
function daemonRestart(e: ExplainEvidence, kills: ContainerEvent[]): DaemonRestart | undefined {
  const startedAt = e.engine.daemonStartedAt ? ms(e.engine.daemonStartedAt) : undefined;
  if (startedAt === undefined || ms(e.state.startedAt) >= startedAt || isZero(e.state.finishedAt))
    return undefined;
  const gap = ms(e.state.finishedAt) - startedAt;
  // A starting dockerd stops what the old one left running (kill with the stop signal,
  // SIGKILL after the stop timeout) before its API even listens: kills in the first
  // seconds of the new daemon are its own.
  const restoreKills = kills.filter(
    (k) => ms(k.time) >= startedAt - 1000 && ms(k.time) <= startedAt + 15_000,
  );
  const requested = kills.some((k) => !restoreKills.includes(k) && ms(k.time) >= startedAt);
  return {
    startedAt,
    gap,
    restoreKills,
    tookItDown: !requested && gap > -30_000 && gap < 120_000,
  };
}

function podDeletion(e: ExplainEvidence): PodDeletion | undefined {
  const d = e.kubernetes?.deletion;
  if (!d || isZero(e.state.finishedAt)) return undefined;
  const deadline = ms(d.at);
  const requestedAt = deadline - d.graceSeconds * 1000;
  const finished = ms(e.state.finishedAt);
  return {
    requestedAt,
    deadline,
    graceSeconds: d.graceSeconds,
    endedAfterRequest: finished >= requestedAt - 1000,
    atDeadline: Math.abs(finished - deadline) <= 2000,
  };
}

/** What the Pod's status says beside the exit code: reasons, messages, the cgroup v2 OOM rule. */
function kubernetesBase(e: ExplainEvidence): EvidenceItem[] {
  const k = e.kubernetes;
  if (!k) return [];
  const out: EvidenceItem[] = [];
  if (k.terminatedReason)
    out.push({
      source: 'kubernetes',
      detail: `terminated: reason ${k.terminatedReason}, exit code ${e.state.exitCode}${k.terminatedSignal ? `, signal ${k.terminatedSignal}` : ''}${k.terminatedMessage ? `, message "${k.terminatedMessage}"` : ''}`,
    });
  if (k.waitingReason)
    out.push({
      source: 'kubernetes',
      detail: `waiting: ${k.waitingReason}${k.waitingMessage ? ` (${k.waitingMessage})` : ''}, restartCount ${e.restartCount}`,
    });
  if (k.terminatedReason === 'OOMKilled' && e.state.exitCode !== 137)
    out.push({
      source: 'kubernetes',
      detail: `OOMKilled with exit ${e.state.exitCode}: a process of the container was OOM-killed and PID 1 lived on. Since Kubernetes 1.28 a cgroup v2 node kills the whole container when one of its processes is OOM-killed (exit 137), so this node runs cgroup v1 or an older kubelet (the node's facts are not in this evidence)`,
    });
  return out;
}

export function exitRun(e: ExplainEvidence, hints: LogHint[]): ExitRun {
  const exit = e.state.exitCode;
  const { events, hasStart } = latestRun(e);
  const die = [...events].reverse().find((ev) => ev.action === 'die');
  const kills = events.filter(
    (ev) => ev.action === 'kill' && (!die || BigInt(ev.timeNano) <= BigInt(die.timeNano)),
  );
  const oomEvents = events.filter((ev) => ev.action === 'oom');
  const cgroupOomLine = e.kernel.oomLines.find((l) => /CONSTRAINT_MEMCG/.test(l.text));
  const daemon = daemonRestart(e, kills);
  const base: EvidenceItem[] = [
    {
      source: 'state',
      detail: `ExitCode ${exit}, OOMKilled ${e.state.oomKilled}, started ${e.state.startedAt}, finished ${e.state.finishedAt}`,
    },
  ];
  base.push(...kubernetesBase(e));
  if (daemon && !daemon.tookItDown && !hasStart)
    base.push({
      source: 'daemon',
      detail: `dockerd restarted at ${e.engine.daemonStartedAt}, after this run: its events are gone`,
    });
  return {
    evidence: e,
    phase: phaseOf(e),
    hints,
    exit,
    events,
    hasStart,
    eventsKnown: hasStart || die !== undefined,
    eventsMissing:
      e.events.given === false ? 'no events were given' : 'the events of this run are gone',
    die,
    kills,
    request: dockerRequest(
      kills,
      events.some((ev) => ev.action === 'stop'),
    ),
    oomEvents,
    hostOom: e.kernel.oomLines.find((l) =>
      /constraint=CONSTRAINT_(NONE|CPUSET|MEMORY_POLICY)/.test(l.text),
    ),
    cgroupOomLine,
    signal: exit > 128 && exit <= 128 + 64 ? exit - 128 : undefined,
    stopSignal: e.config.stopSignal ?? e.image?.stopSignal ?? 'SIGTERM',
    runMs: isZero(e.state.finishedAt) ? undefined : ms(e.state.finishedAt) - ms(e.state.startedAt),
    childOom: e.state.oomKilled && (exit !== 137 || kills.length > 0),
    oomAt: oomEvents[0]?.time ?? cgroupOomLine?.time,
    daemon,
    deletion: podDeletion(e),
    base,
  };
}

/** The note that OOMKilled is true because of a child, not PID 1. */
export function childOomNote(run: ExitRun): EvidenceItem {
  return {
    source: 'state',
    detail: `OOMKilled is true but PID 1 was not what the OOM killer ended: a child process was OOM-killed${
      run.oomAt ? ` at ${run.oomAt}` : ' (time unknown: the oom event is gone)'
    }, and the container lived on`,
  };
}

/** The evidence for a death not requested through Docker: the base, and the child-OOM note when it applies. */
export function exitEvidence(run: ExitRun): EvidenceItem[] {
  return run.childOom && run.exit !== 137 ? [...run.base, childOomNote(run)] : [...run.base];
}

/** The evidence for a death Docker was asked for: the kills, the death, the child-OOM note. */
export function requestEvidence(run: ExitRun): EvidenceItem[] {
  const out = [...run.base];
  for (const k of run.kills)
    out.push({ source: 'events', detail: `${k.time} ${eventText(k, run.stopSignal)}` });
  if (run.die)
    out.push({
      source: 'events',
      detail: `${run.die.time} die exitCode=${run.die.attributes.exitCode}`,
    });
  if (run.childOom) out.push(childOomNote(run));
  return out;
}

export function hint(run: ExitRun, id: LogHint['id']): LogHint | undefined {
  return run.hints.find((h) => h.id === id);
}
