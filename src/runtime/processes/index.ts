// A container's processes from the best source available:
//   1. host /proc (local Linux engine): complete, zombies with their parents, NSpid
//   2. Engine API top + stats: zombies invisible on cgroup v1, counted via pids_stats
//   3. exec inside the container: only when the user allowed it, and only when the
//      API counted zombies it could not attribute
// Every failure (container gone, stopped, unreadable) is a value.
import type Docker from 'dockerode';
import { isPodman, PODMAN_TOP_DESCRIPTORS, type EngineVersion } from '../connection';
import {
  entriesFromExecOutput,
  invisibleZombies,
  rowsFromProcEntries,
  rowsFromTop,
  type TopResponse,
} from './parse';
import {
  namespaceOf,
  readApiProcesses,
  readExecOutput,
  readHostEntries,
  scanHostProc,
  type HostProcScan,
} from './sources';
import { summarizeZombies } from './tree';
import type {
  ProcessReadError,
  ProcessReadResult,
  ProcessRow,
  ProcessSnapshot,
  ProcessSource,
} from './types';

export * from './types';
export { processSnapshotJson, type ProcessSnapshotJson } from './json';
export {
  buildProcessTree,
  childrenForDisplay,
  formatKb,
  renderTreeText,
  summarizeZombies,
  type DisplayChildren,
  type ProcessTreeNode,
} from './tree';
export {
  blocksSigterm,
  handlesSigterm,
  parseStatus,
  rowsFromProcEntries,
  rowsFromTop,
  entriesFromExecOutput,
  invisibleZombies,
  TOP_PS_ARGS,
  type RawProcEntry,
  type TopResponse,
} from './parse';
export {
  followPidsCurrent,
  readPidsCurrent,
  type PidsFollower,
  scanHostProc,
  namespaceOf,
  readHostEntries,
  EXEC_SCRIPT,
  type HostProcScan,
} from './sources';

/** The subset of an inspect response process reading needs. */
export interface ContainerRef {
  Id: string;
  Name: string;
  State: { Running: boolean; Pid: number; Status?: string };
  HostConfig?: { PidMode?: string };
}

export interface ReadProcessesOptions {
  /** Let source 3 run a read-only script inside the container. */
  allowExec?: boolean;
  /** Force one source (tests, CLI --source). Exec still requires allowExec. */
  source?: ProcessSource;
  /** A /proc scan shared across containers in one refresh. */
  hostScan?: HostProcScan;
  procRoot?: string;
  /** Skip the inspect call when the caller already has it (the explorer does). */
  inspected?: ContainerRef;
  /** pids_stats.current from a followed stats stream: the API source then calls top only. */
  pidsCurrent?: number;
}

interface ErrorLike {
  statusCode?: number;
  message?: string;
}

function errorValue(err: unknown, containerRef: string): ProcessReadError {
  const e = (err ?? {}) as ErrorLike;
  const message = typeof e.message === 'string' ? e.message : String(err);
  if (e.statusCode === 404)
    return { kind: 'gone', message: `Container ${containerRef} no longer exists.` };
  if (e.statusCode === 409 || /is not running|is paused|restarting/i.test(message))
    return { kind: 'not-running', message: `Container ${containerRef} is not running.` };
  return {
    kind: 'unavailable',
    message: `Could not read processes of ${containerRef}: ${message}`,
  };
}

function nameOf(ref: ContainerRef): string {
  return ref.Name.replace(/^\//, '');
}

function snapshot(
  ref: ContainerRef,
  source: ProcessSource,
  sourceDetail: string,
  rows: ProcessRow[],
  pid1Pid: number | undefined,
  unattributed: number,
  pidsCurrent: number | undefined,
  pidNumbering: ProcessSnapshot['pidNumbering'] = source === 'api' ? 'host' : 'container',
): ProcessSnapshot {
  const pid1Row = rows.find((r) => r.pid === pid1Pid);
  return {
    container: { id: ref.Id, name: nameOf(ref) },
    source,
    sourceDetail,
    pidNumbering,
    processes: rows,
    pid1: pid1Row ? { pid: pid1Row.pid, command: pid1Row.command } : undefined,
    zombies: summarizeZombies(rows, unattributed),
    pidsCurrent,
  };
}

/** Source 1, or undefined when this host's /proc cannot see the container. */
export async function readFromHostProc(
  ref: ContainerRef,
  scan: HostProcScan | undefined,
  procRoot = '/proc',
): Promise<ProcessSnapshot | undefined> {
  if (!ref.State.Pid || ref.HostConfig?.PidMode === 'host') return undefined;
  const ns = namespaceOf(ref.State.Pid, scan?.procRoot ?? procRoot);
  if (!ns) return undefined;
  const s = scan ?? (await scanHostProc(procRoot));
  if (ns === s.ownNamespace) return undefined; // --pid=host or we are inside it: not this container's own view
  const pids = [...(s.byNamespace.get(ns) ?? [])];
  if (!pids.includes(ref.State.Pid)) pids.push(ref.State.Pid);
  const entries = await readHostEntries(pids, s.procRoot);
  if (entries.length === 0) return undefined;
  const rows = rowsFromProcEntries(entries, { readerIsHost: true });
  return snapshot(
    ref,
    'host-proc',
    `host /proc: every process in the PID namespace of host PID ${ref.State.Pid}, zombies included; PIDs as the container sees them`,
    rows,
    1,
    0,
    undefined,
  );
}

/** gone / not-running when that explains a failed read; undefined if still running. */
async function currentState(
  docker: Docker,
  ref: ContainerRef,
): Promise<ProcessReadError | undefined> {
  try {
    const now = (await docker.getContainer(ref.Id).inspect()) as ContainerRef;
    return now.State.Running
      ? undefined
      : { kind: 'not-running', message: `Container ${nameOf(ref)} is not running.` };
  } catch (err) {
    const e = errorValue(err, nameOf(ref));
    return e.kind === 'unavailable' ? undefined : e;
  }
}

/** Read a container's processes. `idOrName` may be a prefix or a name, as in docker CLI. */
export async function readProcesses(
  docker: Docker,
  engine: Pick<EngineVersion, 'local' | 'cgroupVersion'>,
  idOrName: string,
  options: ReadProcessesOptions = {},
): Promise<ProcessReadResult> {
  const container = docker.getContainer(idOrName);
  let ref: ContainerRef;
  try {
    ref = options.inspected ?? ((await container.inspect()) as ContainerRef);
  } catch (err) {
    const e = errorValue(err, idOrName);
    return {
      ok: false,
      error:
        e.kind === 'gone' ? { kind: 'not-found', message: `No such container: ${idOrName}` } : e,
    };
  }
  if (!ref.State.Running)
    return {
      ok: false,
      error: {
        kind: 'not-running',
        message: `Container ${nameOf(ref)} is not running (${ref.State.Status ?? 'stopped'}).`,
      },
    };

  const wants = (s: ProcessSource): boolean => options.source === undefined || options.source === s;

  if (wants('host-proc') && engine.local) {
    const fromHost = await readFromHostProc(ref, options.hostScan, options.procRoot);
    if (fromHost) return { ok: true, snapshot: fromHost };
    if (options.source === 'host-proc')
      return {
        ok: false,
        error: {
          kind: 'unavailable',
          message: `Host /proc does not show container ${nameOf(ref)}.`,
        },
      };
  } else if (options.source === 'host-proc') {
    return {
      ok: false,
      error: {
        kind: 'unavailable',
        message: 'The engine is not local: its host /proc is not readable from here.',
      },
    };
  }

  if (wants('api') && isPodman(docker)) {
    // Podman answers top from /proc itself for psgo descriptors: every process, zombies
    // included, PIDs as the container sees them; any other ps_args would make it exec
    // `ps` inside the container. One call, no stats needed.
    try {
      const top = (await docker
        .getContainer(ref.Id)
        .top({ ps_args: PODMAN_TOP_DESCRIPTORS })) as TopResponse;
      return {
        ok: true,
        snapshot: snapshot(
          ref,
          'api',
          `Podman API top (psgo ${PODMAN_TOP_DESCRIPTORS}, read by Podman from /proc; zombies included; PIDs as the container sees them)`,
          rowsFromTop(top).map((r) => ({ ...r, hostPid: undefined })),
          1,
          0,
          undefined,
          'container',
        ),
      };
    } catch (err) {
      return { ok: false, error: errorValue(err, nameOf(ref)) };
    }
  }

  let apiSnapshot: ProcessSnapshot | undefined;
  if (wants('api')) {
    try {
      const { top, pidsCurrent } = await readApiProcesses(
        docker.getContainer(ref.Id),
        options.pidsCurrent,
      );
      const rows = rowsFromTop(top);
      const unlisted = pidsCurrent === undefined ? 0 : invisibleZombies(rows, pidsCurrent);
      apiSnapshot = snapshot(
        ref,
        'api',
        `Engine API top (ps ${'-eo pid,ppid,stat,nlwp,rss,args'} on the daemon's host; host PIDs)` +
          (pidsCurrent === undefined
            ? '; pids_stats unavailable, zombies cannot be counted'
            : `; pids_stats.current ${pidsCurrent} counts ${unlisted} task(s) top does not list: zombies, whose parent the API cannot show` +
              (engine.cgroupVersion === '1' ? ' (cgroup v1 hides them from top)' : '')),
        rows,
        ref.State.Pid,
        unlisted,
        pidsCurrent,
      );
    } catch (err) {
      const e = errorValue(err, nameOf(ref));
      if (e.kind !== 'unavailable' || options.source === 'api') return { ok: false, error: e };
    }
    const needsExec =
      options.allowExec &&
      (!apiSnapshot || apiSnapshot.zombies.unattributed > 0) &&
      options.source !== 'api';
    if (apiSnapshot && !needsExec) return { ok: true, snapshot: apiSnapshot };
  }

  if (wants('exec') && options.allowExec) {
    try {
      const result = await readExecOutput(docker, docker.getContainer(ref.Id));
      if (result.ok) {
        const rows = rowsFromProcEntries(entriesFromExecOutput(result.output), {
          readerIsHost: false,
        });
        return {
          ok: true,
          snapshot: snapshot(
            ref,
            'exec',
            "exec inside the container (allowed by containerDoctor.processes.allowExec): /proc as the container sees it, zombies included; the reader's own sh is left out",
            rows,
            1,
            0,
            apiSnapshot?.pidsCurrent,
          ),
        };
      }
      if (!apiSnapshot) {
        // A failed exec is often a container stopping or removed meanwhile: say so.
        const now = await currentState(docker, ref);
        return { ok: false, error: now ?? { kind: 'unavailable', message: result.message } };
      }
    } catch (err) {
      const e = errorValue(err, nameOf(ref));
      if (!apiSnapshot) return { ok: false, error: (await currentState(docker, ref)) ?? e };
    }
  } else if (options.source === 'exec') {
    return {
      ok: false,
      error: {
        kind: 'unavailable',
        message: 'Reading processes by exec is off (containerDoctor.processes.allowExec).',
      },
    };
  }
  if (apiSnapshot) return { ok: true, snapshot: apiSnapshot };
  return {
    ok: false,
    error: {
      kind: 'unavailable',
      message: `No source could read the processes of ${nameOf(ref)}.`,
    },
  };
}
