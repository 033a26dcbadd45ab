// Process-tree data shared by every source (host /proc, Engine API top, exec).

/** Where a process list came from, best first. */
export type ProcessSource = 'host-proc' | 'api' | 'exec';

export interface ProcessRow {
  /** PID as the container sees it when known (host-proc via NSpid, exec); else the host PID. */
  pid: number;
  /** PID on the daemon's host, when known. */
  hostPid: number | undefined;
  /** Parent in the same numbering as `pid`; 0 when the parent is outside the container
   * (PID 1's parent is the runtime shim; `docker exec` processes hang off the daemon side). */
  ppid: number;
  /** One letter: R S D Z T t I X (ps STAT's first letter, /proc status State). */
  state: string;
  /** Command line (argv joined by spaces); for zombies `[name] <defunct>`. */
  command: string;
  threads: number;
  /** Resident set size in KiB, when the source reports it (zombies have none). */
  rssKb: number | undefined;
}

export interface ZombieParent {
  pid: number;
  command: string;
  /** Unreaped children of this parent. */
  count: number;
}

export interface ZombieSummary {
  count: number;
  /** Parents that leave zombies unreaped, most zombies first. */
  parents: ZombieParent[];
  /** Zombies counted but not listed (Engine API top omits zombies on cgroup v1, so only
   * pids_stats.current minus the listed tasks reveals them, without their parent). */
  unattributed: number;
}

export interface ProcessSnapshot {
  container: { id: string; name: string };
  source: ProcessSource;
  /** One line for tooltips: how the data was obtained and what it can't see. */
  sourceDetail: string;
  /** Whether `pid`/`ppid` are container-side PIDs or host PIDs. */
  pidNumbering: 'container' | 'host';
  /** Every listed process, sorted by pid. */
  processes: ProcessRow[];
  pid1: { pid: number; command: string } | undefined;
  zombies: ZombieSummary;
  /** pids_stats.current when the stats API was read (counts threads and zombies). */
  pidsCurrent: number | undefined;
}

export type ProcessReadError =
  | { kind: 'not-found'; message: string }
  | { kind: 'not-running'; message: string }
  | { kind: 'gone'; message: string }
  | { kind: 'unavailable'; message: string };

export type ProcessReadResult =
  { ok: true; snapshot: ProcessSnapshot } | { ok: false; error: ProcessReadError };
