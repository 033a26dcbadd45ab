// Pure parsers: /proc/<pid>/status text, the exec reader's output, and the
// Engine API top response. Each turns raw text into ProcessRows; nothing here
// reads files or talks to the daemon, so all of it is tested on captured inputs.
import type { ProcessRow } from './types';

/** What the readers capture per process: /proc/<pid>/status and cmdline as text. */
export interface RawProcEntry {
  /** PID in the reader's own namespace (host PID for the host reader). */
  readerPid: number;
  status: string;
  /** /proc/<pid>/cmdline with NUL separators (or spaces, from the exec reader). */
  cmdline: string;
}

export interface ParsedStatus {
  name: string;
  state: string;
  /** Parent PID in the reader's namespace. */
  ppid: number;
  /** PIDs from the outermost namespace (reader's) to the innermost (container's). */
  nspid: number[];
  threads: number;
  rssKb: number | undefined;
  /** SigCgt mask: signals with a handler installed. */
  sigCgt: bigint | undefined;
  /** SigBlk mask: signals blocked (queued until taken). */
  sigBlk: bigint | undefined;
}

/** Value of one `Key:\tvalue` line of a status text, without splitting the whole text. */
function statusField(text: string, key: string): string | undefined {
  const at = text.startsWith(`${key}:`) ? 0 : text.indexOf(`\n${key}:`);
  if (at < 0) return undefined;
  const start = at + (at === 0 ? 0 : 1) + key.length + 1;
  const end = text.indexOf('\n', start);
  return text.slice(start, end < 0 ? undefined : end).trim();
}

export function parseStatus(text: string): ParsedStatus {
  const num = (key: string): number | undefined => {
    const v = statusField(text, key);
    if (v === undefined) return undefined;
    const n = parseInt(v, 10);
    return Number.isFinite(n) ? n : undefined;
  };
  const sig = statusField(text, 'SigCgt');
  const blk = statusField(text, 'SigBlk');
  return {
    name: statusField(text, 'Name') ?? '',
    state: (statusField(text, 'State') ?? '?').charAt(0),
    ppid: num('PPid') ?? 0,
    nspid: (statusField(text, 'NSpid') ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .map((n) => parseInt(n, 10)),
    threads: num('Threads') ?? 1,
    rssKb: num('VmRSS'),
    sigCgt: sig && /^[0-9a-f]+$/i.test(sig) ? BigInt(`0x${sig}`) : undefined,
    sigBlk: blk && /^[0-9a-f]+$/i.test(blk) ? BigInt(`0x${blk}`) : undefined,
  };
}

const SIGTERM = 15;
const hasBit = (mask: bigint | undefined, signal: number): boolean | undefined =>
  mask === undefined ? undefined : ((mask >> BigInt(signal - 1)) & 1n) === 1n;

/** Whether a status' SigCgt says the process installed a handler for the signal (SIGTERM by default). */
export function handlesSigterm(status: ParsedStatus, signal = SIGTERM): boolean | undefined {
  return hasBit(status.sigCgt, signal);
}

/** Whether a status' SigBlk says the signal is blocked (taken later by sigwait/signalfd). */
export function blocksSigterm(status: ParsedStatus, signal = SIGTERM): boolean | undefined {
  return hasBit(status.sigBlk, signal);
}

function commandOf(status: ParsedStatus, cmdline: string): string {
  // NULs separate argv; newlines inside an argument would break one-line rendering.
  const argv = cmdline.replace(/[\0\n\r\t]/g, ' ').trimEnd();
  if (status.state === 'Z' || !argv)
    return `[${status.name}]${status.state === 'Z' ? ' <defunct>' : ''}`;
  return argv;
}

/**
 * Rows from /proc entries of one PID namespace. `nsDepthFromReader` is how many
 * namespace levels below the reader the container's namespace is (1 for the host
 * reading a normal container, 0 for a reader inside the container): the container
 * PID is NSpid[depth], the reader's PID NSpid[0]. PPid is in the reader's numbering
 * and is translated through the same map; a parent outside the set becomes 0.
 */
export function rowsFromProcEntries(
  entries: readonly RawProcEntry[],
  options: { readerIsHost: boolean },
): ProcessRow[] {
  const parsed = entries.map((e) => ({ e, s: parseStatus(e.status) }));
  const readerToContainer = new Map<number, number>();
  for (const { e, s } of parsed) {
    // The innermost NSpid is the container's view when the reader is the host;
    // inside the container NSpid has the container's PID last as well.
    const inner = s.nspid.length > 0 ? s.nspid[s.nspid.length - 1] : e.readerPid;
    readerToContainer.set(e.readerPid, inner);
  }
  return parsed
    .map(({ e, s }) => ({
      pid: readerToContainer.get(e.readerPid) ?? e.readerPid,
      hostPid: options.readerIsHost ? e.readerPid : undefined,
      ppid: readerToContainer.get(s.ppid) ?? 0,
      state: s.state,
      command: commandOf(s, e.cmdline),
      threads: s.threads,
      rssKb: s.rssKb,
    }))
    .sort((a, b) => a.pid - b.pid);
}

/** Marker lines of the exec reader's script (see sources.ts). */
export const EXEC_SELF_MARKER = '@@self ';
export const EXEC_PROC_MARKER = '@@pid ';
export const EXEC_CMDLINE_PREFIX = 'Cmdline:\t';

/** Split the exec reader's output into entries, dropping the reader's own processes. */
export function entriesFromExecOutput(output: string): RawProcEntry[] {
  let self: number | undefined;
  const entries: RawProcEntry[] = [];
  let current: { pid: number; status: string[]; cmdline: string } | undefined;
  const flush = (): void => {
    if (current && current.status.length > 0)
      entries.push({
        readerPid: current.pid,
        status: current.status.join('\n'),
        cmdline: current.cmdline,
      });
    current = undefined;
  };
  for (const line of output.split('\n')) {
    if (line.startsWith(EXEC_SELF_MARKER)) {
      self = parseInt(line.slice(EXEC_SELF_MARKER.length), 10);
    } else if (line.startsWith(EXEC_PROC_MARKER)) {
      flush();
      current = { pid: parseInt(line.slice(EXEC_PROC_MARKER.length), 10), status: [], cmdline: '' };
    } else if (current && line.startsWith(EXEC_CMDLINE_PREFIX)) {
      current.cmdline = line.slice(EXEC_CMDLINE_PREFIX.length).trim();
    } else if (current && line) {
      current.status.push(line);
    }
  }
  flush();
  if (self === undefined) return entries;
  // Drop the reader's shell and everything it started (cat, tr).
  const parentOf = new Map(entries.map((e) => [e.readerPid, parseStatus(e.status).ppid]));
  const isReader = (pid: number): boolean => {
    for (let p: number | undefined = pid, hops = 0; p && hops < 64; hops++) {
      if (p === self) return true;
      p = parentOf.get(p);
    }
    return false;
  };
  return entries.filter((e) => !isReader(e.readerPid));
}

export interface TopResponse {
  Titles?: string[];
  Processes?: string[][];
}

/** The ps_args the API reader asks for: one line per process, host PIDs. */
export const TOP_PS_ARGS = '-eo pid,ppid,stat,nlwp,rss,args';

/**
 * Rows from GET /containers/{id}/top with TOP_PS_ARGS. PIDs are host PIDs (ps runs
 * on the daemon's host); `pid1HostPid` (State.Pid) anchors the tree. A parent outside
 * the listing becomes 0.
 */
export function rowsFromTop(top: TopResponse): ProcessRow[] {
  const titles = (top.Titles ?? []).map((t) => t.toUpperCase());
  const col = (...names: string[]): number => titles.findIndex((t) => names.includes(t));
  const iPid = col('PID');
  const iPpid = col('PPID');
  const iStat = col('STAT', 'S', 'STATE'); // STATE: Podman's psgo
  const iNlwp = col('NLWP', 'THCNT');
  const iRss = col('RSS', 'RSZ');
  const iArgs = col('COMMAND', 'ARGS', 'CMD');
  const rows = (top.Processes ?? []).map((p) => {
    const pid = parseInt(p[iPid] ?? '', 10);
    const state = (p[iStat] ?? '?').charAt(0);
    const command = p[iArgs] ?? '';
    return {
      pid,
      hostPid: pid,
      ppid: parseInt(p[iPpid] ?? '0', 10) || 0,
      state,
      command,
      threads: parseInt(p[iNlwp] ?? '1', 10) || 1,
      rssKb: iRss >= 0 ? parseInt(p[iRss] ?? '', 10) || 0 : undefined,
    };
  });
  const listed = new Set(rows.map((r) => r.pid));
  return rows
    .filter((r) => Number.isFinite(r.pid))
    .map((r) => (listed.has(r.ppid) ? r : { ...r, ppid: 0 }))
    .sort((a, b) => a.pid - b.pid);
}

/**
 * Zombies the API cannot list: pids_stats.current counts every task (threads and
 * zombies) in the pids cgroup; top lists live processes (with their thread counts).
 */
export function invisibleZombies(rows: readonly ProcessRow[], pidsCurrent: number): number {
  const listedTasks = rows.reduce((n, r) => n + (r.state === 'Z' ? 1 : r.threads), 0);
  return Math.max(0, pidsCurrent - listedTasks);
}
