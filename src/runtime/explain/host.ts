// What only the daemon's own machine can tell: when dockerd started (host /proc) and
// the kernel's OOM-killer lines (/dev/kmsg). Read from files, never by running a
// program; every reader returns undefined/[] when it cannot read, never throws.
import { closeSync, constants, openSync, readFileSync, readSync, readdirSync } from 'node:fs';
import type { KernelOomLine } from './types';

/** Linux's USER_HZ: the unit of /proc/<pid>/stat starttime on every mainstream architecture. */
const CLOCK_TICKS_PER_SECOND = 100;

/** Boot time in ms since the epoch, from /proc/stat's btime. */
export function bootTimeMs(procRoot = '/proc'): number | undefined {
  try {
    const m = /^btime (\d+)$/m.exec(readFileSync(`${procRoot}/stat`, 'utf8'));
    return m ? Number(m[1]) * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Boot time on the monotonic clock the kernel log stamps with (ms since the epoch):
 * node's hrtime is CLOCK_MONOTONIC, so this is exact where btime is rounded to a second.
 */
export function monotonicBootMs(): number {
  return Date.now() - Number(process.hrtime.bigint() / 1_000_000n);
}

/** Boot time (ms since the epoch) from /proc/uptime. */
export function uptimeBootMs(procRoot = '/proc'): number | undefined {
  try {
    const up = Number(readFileSync(`${procRoot}/uptime`, 'utf8').split(' ')[0]);
    return Number.isFinite(up) ? Date.now() - up * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/** A process's start time (ms since the epoch), from field 22 of /proc/<pid>/stat. */
export function processStartMs(pid: number, procRoot = '/proc'): number | undefined {
  // starttime counts from boot on the boot-time clock; /proc/uptime is on the same clock
  // with 10 ms resolution (btime is truncated to whole seconds).
  const boot = uptimeBootMs(procRoot) ?? bootTimeMs(procRoot);
  if (boot === undefined) return undefined;
  try {
    const stat = readFileSync(`${procRoot}/${pid}/stat`, 'utf8');
    // comm may contain spaces and parentheses: fields start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]); // field 22 overall; fields[0] is field 3 (state)
    return Number.isFinite(ticks) ? boot + (ticks * 1000) / CLOCK_TICKS_PER_SECOND : undefined;
  } catch {
    return undefined;
  }
}

/** The command name of a live process; undefined for zombies (a killed dockerd not yet reaped). */
function commOf(pid: number, procRoot: string): string | undefined {
  try {
    const stat = readFileSync(`${procRoot}/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    if (state === 'Z' || state === 'X') return undefined;
    return stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
  } catch {
    return undefined;
  }
}

/**
 * The pid file another dockerd on this host was started with (`--pidfile X`, `-p X`), or
 * undefined: a second engine (its own socket, data root and pid file) is not the default one.
 */
function ownPidFileOf(pid: number, procRoot: string): string | undefined {
  let argv: string[];
  try {
    argv = readFileSync(`${procRoot}/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return undefined;
  }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--pidfile' || a === '-p') return argv[i + 1];
    if (a.startsWith('--pidfile=')) return a.slice('--pidfile='.length);
  }
  return undefined;
}

/**
 * The running dockerd's pid: its pid file when it names a live dockerd, else a /proc scan for
 * a dockerd that was not given a pid file of its own (another engine on the same host is).
 */
export function dockerdPid(
  procRoot = '/proc',
  pidFile = '/var/run/docker.pid',
): number | undefined {
  try {
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    if (pid > 0 && commOf(pid, procRoot) === 'dockerd') return pid;
  } catch {
    // no pid file: scan
  }
  let entries: string[];
  try {
    entries = readdirSync(procRoot);
  } catch {
    return undefined;
  }
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    if (commOf(pid, procRoot) !== 'dockerd') continue;
    const own = ownPidFileOf(pid, procRoot);
    if (own === undefined || own === pidFile) return pid;
  }
  return undefined;
}

/** When the local dockerd started, as an ISO time. */
export function dockerdStartedAt(): string | undefined {
  const pid = dockerdPid();
  const ms = pid === undefined ? undefined : processStartMs(pid);
  return ms === undefined ? undefined : new Date(ms).toISOString();
}

/** The kernel log's records (/dev/kmsg, non-blocking), or undefined when unreadable. */
export function readKmsg(path = '/dev/kmsg'): { monotonicUs: number; text: string }[] | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  const out: { monotonicUs: number; text: string }[] = [];
  const buf = Buffer.alloc(16 * 1024);
  try {
    for (let i = 0; i < 200_000; i++) {
      let n: number;
      try {
        n = readSync(fd, buf, 0, buf.length, null);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EPIPE') continue; // records were overwritten while we read: skip ahead
        break; // EAGAIN: the end of the buffer
      }
      if (n <= 0) break;
      // "prio,seq,monotonic_us,flags;message\n continuation lines"
      const record = buf.toString('utf8', 0, n);
      const semi = record.indexOf(';');
      if (semi < 0) continue;
      const head = record.slice(0, semi).split(',');
      const text = record.slice(semi + 1).split('\n')[0];
      out.push({ monotonicUs: Number(head[2]), text });
    }
  } finally {
    closeSync(fd);
  }
  return out;
}

const OOM_WORDS = /oom-kill|out of memory|killed process|oom_reaper|invoked oom-killer/i;

/**
 * The OOM-killer lines that concern one container: the `oom-kill:` summary naming its
 * cgroup and the `Killed process` line right after it.
 */
export function containerOomLines(
  records: { monotonicUs: number; text: string }[],
  containerId: string,
  bootMs: number,
): KernelOomLine[] {
  const out: KernelOomLine[] = [];
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    if (!r.text.includes(containerId) || !OOM_WORDS.test(r.text)) continue;
    out.push({ time: new Date(bootMs + r.monotonicUs / 1000).toISOString(), text: r.text });
    const next = records[i + 1];
    if (next && /killed process/i.test(next.text))
      out.push({
        time: new Date(bootMs + next.monotonicUs / 1000).toISOString(),
        text: next.text,
      });
  }
  return out;
}
