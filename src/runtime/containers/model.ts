// What the explorer (and audit) shows about a container: a flat view built from
// one inspect response, grouping and ordering, and badges. Pure: unit tested on
// inspect responses; the listing that feeds it is in list.ts.
import type { Pid1Judgement } from './judgement';
import { containerHeapVerdicts, type LiveHeapVerdict } from '../memory/heap-verdict';

export const COMPOSE_PROJECT = 'com.docker.compose.project';
export const COMPOSE_SERVICE = 'com.docker.compose.service';
export const COMPOSE_WORKING_DIR = 'com.docker.compose.project.working_dir';
export const COMPOSE_CONFIG_FILES = 'com.docker.compose.project.config_files';

/** The subset of GET /containers/{id}/json the views use. */
export interface InspectLike {
  Id: string;
  Name: string;
  Created?: string;
  RestartCount?: number;
  State: {
    Status?: string;
    Running?: boolean;
    Paused?: boolean;
    Restarting?: boolean;
    OOMKilled?: boolean;
    Pid?: number;
    ExitCode?: number;
    StartedAt?: string;
    FinishedAt?: string;
    Health?: { Status?: string };
  };
  Config: {
    Image?: string;
    Entrypoint?: string[] | string | null;
    Cmd?: string[] | string | null;
    Labels?: Record<string, string> | null;
    StopTimeout?: number;
    StopSignal?: string;
    WorkingDir?: string;
    Env?: string[] | null;
  };
  HostConfig: {
    Memory?: number;
    MemorySwap?: number;
    Init?: boolean | null;
    PidMode?: string;
    RestartPolicy?: { Name?: string };
  };
}

export interface ContainerView {
  id: string;
  name: string;
  image: string;
  /** created, running, paused, restarting, removing, exited, dead */
  status: string;
  running: boolean;
  pid: number;
  exitCode: number | undefined;
  startedAtMs: number | undefined;
  finishedAtMs: number | undefined;
  health: string | undefined;
  composeProject: string | undefined;
  composeService: string | undefined;
  labels: Record<string, string>;
  memoryBytes: number;
  memorySwapBytes: number;
  init: boolean;
  restartCount: number;
  restartPolicy: string;
  oomKilled: boolean;
  stopTimeoutSeconds: number | undefined;
  entrypoint: string[] | string | null | undefined;
  cmd: string[] | string | null | undefined;
  pidMode: string | undefined;
  /** Config.StopSignal ('' when unset: SIGTERM). */
  stopSignal: string;
  /** Config.WorkingDir ('' when unset: /). */
  workdir: string;
  /** A heap cap (JVM, Node, Go, .NET) read from the command and Config.Env, against HostConfig.Memory. */
  heap: LiveHeapVerdict[];
}

function time(value: string | undefined): number | undefined {
  if (!value || value.startsWith('0001-')) return undefined;
  const t = Date.parse(value);
  return Number.isFinite(t) ? t : undefined;
}

export function viewFromInspect(i: InspectLike): ContainerView {
  const labels = i.Config.Labels ?? {};
  const status = i.State.Status ?? (i.State.Running ? 'running' : 'exited');
  return {
    id: i.Id,
    name: i.Name.replace(/^\//, ''),
    image: i.Config.Image ?? '',
    status,
    running: i.State.Running === true,
    pid: i.State.Pid ?? 0,
    exitCode: status === 'exited' || status === 'dead' ? i.State.ExitCode : undefined,
    startedAtMs: time(i.State.StartedAt),
    finishedAtMs: time(i.State.FinishedAt),
    health: i.State.Health?.Status,
    composeProject: labels[COMPOSE_PROJECT],
    composeService: labels[COMPOSE_SERVICE],
    labels,
    memoryBytes: i.HostConfig.Memory ?? 0,
    memorySwapBytes: i.HostConfig.MemorySwap ?? 0,
    init: i.HostConfig.Init === true,
    restartCount: i.RestartCount ?? 0,
    restartPolicy: i.HostConfig.RestartPolicy?.Name ?? '',
    oomKilled: i.State.OOMKilled === true,
    stopTimeoutSeconds: i.Config.StopTimeout,
    entrypoint: i.Config.Entrypoint,
    cmd: i.Config.Cmd,
    pidMode: i.HostConfig.PidMode,
    stopSignal: i.Config.StopSignal ?? '',
    workdir: i.Config.WorkingDir ?? '',
    // Only the verdict is kept: Config.Env may hold secrets.
    heap: containerHeapVerdicts(i),
  };
}

export interface ContainerGroup {
  /** Compose project, or undefined for containers outside any project. */
  project: string | undefined;
  containers: ContainerView[];
}

const byRunningThenName = (a: ContainerView, b: ContainerView): number =>
  Number(b.running) - Number(a.running) || a.name.localeCompare(b.name);

/**
 * Running first, grouped by compose project: projects with something running come
 * first, then the rest; containers outside a project are one group at the end of
 * the running projects' list order (project undefined).
 */
export function groupContainers(views: readonly ContainerView[]): ContainerGroup[] {
  const groups = new Map<string | undefined, ContainerView[]>();
  for (const v of views) {
    const list = groups.get(v.composeProject);
    if (list) list.push(v);
    else groups.set(v.composeProject, [v]);
  }
  const result = [...groups.entries()].map(([project, containers]) => ({
    project,
    containers: containers.sort(byRunningThenName),
  }));
  const anyRunning = (g: ContainerGroup): boolean => g.containers.some((c) => c.running);
  return result.sort(
    (a, b) =>
      Number(anyRunning(b)) - Number(anyRunning(a)) ||
      Number(a.project === undefined) - Number(b.project === undefined) ||
      (a.project ?? '').localeCompare(b.project ?? ''),
  );
}

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${m % 60}m`;
  return `${Math.floor(h / 24)}d`;
}

/** "up 5m", "exited 137 (2h ago)", "restarting", … */
export function describeState(v: ContainerView, nowMs: number): string {
  if (v.running) {
    const up = v.startedAtMs ? `up ${formatDuration(nowMs - v.startedAtMs)}` : 'running';
    const health = v.health && v.health !== 'none' ? `, ${v.health}` : '';
    return v.status === 'paused' ? 'paused' : `${up}${health}`;
  }
  if (v.status === 'exited' || v.status === 'dead') {
    const ago = v.finishedAtMs ? ` (${formatDuration(nowMs - v.finishedAtMs)} ago)` : '';
    return `exited ${v.exitCode ?? '?'}${ago}`;
  }
  return v.status;
}

export type BadgeKind =
  | 'zombies'
  | 'pid1-sigterm'
  | 'pid1-reap'
  | 'no-memory-limit'
  | 'heap-over-limit'
  | 'restarts'
  | 'oom';

export interface Badge {
  kind: BadgeKind;
  /** Short text shown beside the container (in its description). */
  label: string;
  /** What it means and where the data came from. */
  tooltip: string;
}

export interface BadgeInputs {
  zombies?: { count: number; source: string };
  pid1?: Pid1Judgement;
  /** `oom` events seen by this session for the container. */
  oomEventsSeen?: number;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${+(bytes / 1024 ** 3).toFixed(2)} GiB`;
  if (bytes >= 1024 ** 2) return `${+(bytes / 1024 ** 2).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} B`;
}

function basisText(basis: Pid1Judgement['basis'], measured: string): string {
  switch (basis) {
    case 'host-proc':
      return `PID 1's ${measured} in the host's /proc`;
    case 'dockerfile':
      return "the image's Dockerfile in this workspace, judged by the Dockerfile engine";
    case 'config':
      return 'the container config: Entrypoint, Cmd, Init';
  }
}

export function computeBadges(v: ContainerView, inputs: BadgeInputs = {}): Badge[] {
  const badges: Badge[] = [];
  const z = inputs.zombies;
  if (z && z.count > 0) {
    badges.push({
      kind: 'zombies',
      label: `${z.count} zombie${z.count === 1 ? '' : 's'}`,
      tooltip: `${z.count} exited process${z.count === 1 ? '' : 'es'} not reaped by ${z.count === 1 ? 'its' : 'their'} parent; each holds a PID until reaped (source: ${z.source}). Run PID 1 under an init (docker run --init, tini) that reaps orphans.`,
    });
  }
  const p = inputs.pid1;
  if (p && p.handlesSigterm === 'no') {
    badges.push({
      kind: 'pid1-sigterm',
      label: 'PID 1 ignores SIGTERM',
      tooltip: `PID 1 (${p.program}) will ignore docker stop's SIGTERM: Docker waits the grace period, then SIGKILLs (exit 137). ${p.sigtermEvidence ?? p.reason}. (source: ${basisText(p.basis, 'signal mask')})`,
    });
  }
  if (p && p.reaps === 'no') {
    badges.push({
      kind: 'pid1-reap',
      label: 'PID 1 does not reap',
      tooltip: `PID 1 (${p.program}) does not wait() for orphans: processes re-parented to it stay zombies. ${p.reason}. (source: ${basisText(p.basis, 'command line')})`,
    });
  }
  if (v.memoryBytes === 0) {
    badges.push({
      kind: 'no-memory-limit',
      label: 'no memory limit',
      tooltip:
        'HostConfig.Memory is 0: the container may take all of the host\'s memory, and a leak competes with every other container and dockerd itself (docs/rules/compose-no-memory-limit.md). Set one with "Set Memory Limit…" (docker update --memory). (source: inspect HostConfig.Memory)',
    });
  }
  for (const h of v.heap.filter((x) => x.kind === 'over' || x.kind === 'tight')) {
    const fix = [
      h.fitHeap ? `set ${h.fitHeap}` : '',
      h.fitLimit ? `raise the limit to ${formatBytes(h.fitLimit)}` : '',
    ]
      .filter(Boolean)
      .join(', or ');
    badges.push({
      kind: 'heap-over-limit',
      label: h.kind === 'over' ? 'heap above limit' : 'heap leaves too little room',
      tooltip: `${h.summary}${fix ? ` Fix: ${fix}.` : ''} Measured: with the heap cap at or above the limit the cgroup kills the container (exit 137, OOMKilled, nothing in the log) before the runtime's own heap error (docs/measurements-memory.md). (source: inspect Config.Cmd/Entrypoint/Env and HostConfig.Memory)`,
    });
  }
  if (v.restartCount > 0) {
    badges.push({
      kind: 'restarts',
      label: `${v.restartCount} restart${v.restartCount === 1 ? '' : 's'}`,
      tooltip: `The daemon restarted this container ${v.restartCount} time${v.restartCount === 1 ? '' : 's'} under its restart policy "${v.restartPolicy}" (source: inspect RestartCount).`,
    });
  }
  const oomEvents = inputs.oomEventsSeen ?? 0;
  if (v.oomKilled || oomEvents > 0) {
    const parts = [
      v.oomKilled
        ? 'State.OOMKilled is true: the cgroup OOM killer killed a process of this container at some point (the flag is container-wide and sticky, so it may have been a child, not PID 1)'
        : '',
      oomEvents > 0
        ? `${oomEvents} oom event${oomEvents === 1 ? '' : 's'} seen from the engine while this session watched`
        : '',
    ].filter(Boolean);
    badges.push({ kind: 'oom', label: 'OOM', tooltip: `${parts.join('; ')}.` });
  }
  return badges;
}

/** Docker's minimum memory limit. */
export const MIN_MEMORY_BYTES = 6 * 1024 * 1024;

/** Parse docker's memory syntax: 512m, 2g, 1024k, 1073741824, 1.5g. */
export function parseMemory(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([bkmg]?)i?b?\s*$/i.exec(text);
  if (!m) return undefined;
  const unit = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2].toLowerCase()] ?? 1;
  return Math.round(parseFloat(m[1]) * unit);
}

export type SwapChoice =
  { kind: 'no-swap' } | { kind: 'unlimited' } | { kind: 'keep' } | { kind: 'bytes'; bytes: number };

export type MemoryUpdate =
  { ok: true; Memory: number; MemorySwap: number; summary: string } | { ok: false; reason: string };

/**
 * Validate a memory update against Docker's swap rule (docker update: --memory may not exceed an existing --memory-swap): the new Memory must
 * not exceed an existing MemorySwap (memory + swap) unless both are given. We always
 * send both, so the choice is explicit.
 */
export function planMemoryUpdate(
  current: { memoryBytes: number; memorySwapBytes: number },
  memoryBytes: number,
  swap: SwapChoice,
): MemoryUpdate {
  if (!Number.isFinite(memoryBytes) || memoryBytes < MIN_MEMORY_BYTES)
    return { ok: false, reason: `The limit must be at least 6 MiB (Docker's minimum).` };
  let memorySwap: number;
  switch (swap.kind) {
    case 'no-swap':
      memorySwap = memoryBytes;
      break;
    case 'unlimited':
      memorySwap = -1;
      break;
    case 'bytes':
      memorySwap = swap.bytes;
      break;
    case 'keep':
      if (current.memorySwapBytes > 0 && memoryBytes > current.memorySwapBytes)
        return {
          ok: false,
          reason: `${formatBytes(memoryBytes)} exceeds the container's current memory+swap limit (${formatBytes(current.memorySwapBytes)}); Docker refuses a memory limit above memory-swap unless both are given. Choose a swap setting too.`,
        };
      // No swap limit set (0): Docker's default gives swap equal to the memory limit.
      memorySwap =
        current.memorySwapBytes > 0
          ? current.memorySwapBytes
          : current.memorySwapBytes === -1
            ? -1
            : memoryBytes * 2;
      break;
  }
  if (memorySwap !== -1 && memorySwap < memoryBytes)
    return {
      ok: false,
      reason: `memory+swap (${formatBytes(memorySwap)}) must be at least the memory limit (${formatBytes(memoryBytes)}).`,
    };
  const swapText =
    memorySwap === -1
      ? 'unlimited swap'
      : memorySwap === memoryBytes
        ? 'no swap'
        : `${formatBytes(memorySwap - memoryBytes)} swap`;
  return {
    ok: true,
    Memory: memoryBytes,
    MemorySwap: memorySwap,
    summary: `memory ${formatBytes(memoryBytes)}, ${swapText} (docker update --memory ${memoryBytes} --memory-swap ${memorySwap})`,
  };
}
