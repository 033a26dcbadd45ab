// The Linux signal table (signal(7), `kill -l` on x86-64 and arm64), one for the whole
// product: Dockerfile STOPSIGNAL (SIGTERM, TERM, 15, SIGRTMIN+3), kill events of the
// Engine API ("15", "SIGTERM"), and exit codes 128+n.

/** Standard signals by number, without the SIG prefix. */
const STANDARD: Record<number, string> = {
  1: 'HUP',
  2: 'INT',
  3: 'QUIT',
  4: 'ILL',
  5: 'TRAP',
  6: 'ABRT',
  7: 'BUS',
  8: 'FPE',
  9: 'KILL',
  10: 'USR1',
  11: 'SEGV',
  12: 'USR2',
  13: 'PIPE',
  14: 'ALRM',
  15: 'TERM',
  16: 'STKFLT',
  17: 'CHLD',
  18: 'CONT',
  19: 'STOP',
  20: 'TSTP',
  21: 'TTIN',
  22: 'TTOU',
  23: 'URG',
  24: 'XCPU',
  25: 'XFSZ',
  26: 'VTALRM',
  27: 'PROF',
  28: 'WINCH',
  29: 'IO',
  30: 'PWR',
  31: 'SYS',
};

/** Names other tools accept for the same numbers (signal(7)). */
const ALIASES: Record<string, number> = { IOT: 6, POLL: 29, CLD: 17, UNUSED: 31 };

/** Real-time signals as glibc numbers them (32 and 33 are reserved by the C library). */
export const SIGRTMIN = 34;
export const SIGRTMAX = 64;

/** `TERM` for 15, `RTMIN+3` for 37, `RTMAX-1` for 63 (as `kill -l` names them); undefined when no signal has it. */
export function signalShortName(n: number): string | undefined {
  if (STANDARD[n]) return STANDARD[n];
  if (!Number.isInteger(n) || n < SIGRTMIN || n > SIGRTMAX) return undefined;
  if (n === SIGRTMIN) return 'RTMIN';
  if (n === SIGRTMAX) return 'RTMAX';
  return n - SIGRTMIN <= 15 ? `RTMIN+${n - SIGRTMIN}` : `RTMAX-${SIGRTMAX - n}`;
}

/** `SIGTERM` for 15; `signal 32` for a number no signal has. */
export function signalName(n: number): string {
  const short = signalShortName(n);
  return short ? `SIG${short}` : `signal ${n}`;
}

/** A signal given as `15`, `SIGTERM`, `term` or `SIGRTMIN+3`, as its number; undefined when unknown. */
export function signalNumber(raw: string | undefined): number | undefined {
  if (!raw) return undefined;
  const s = raw.trim().toUpperCase();
  if (/^\d+$/.test(s)) {
    const n = Number(s);
    return n >= 1 && n <= SIGRTMAX ? n : undefined;
  }
  const name = s.startsWith('SIG') ? s.slice(3) : s;
  const rt = /^RT(MIN|MAX)([+-]\d+)?$/.exec(name);
  if (rt) {
    const n = (rt[1] === 'MIN' ? SIGRTMIN : SIGRTMAX) + Number(rt[2] ?? 0);
    return n >= SIGRTMIN && n <= SIGRTMAX ? n : undefined;
  }
  const hit = Object.entries(STANDARD).find(([, v]) => v === name);
  return hit ? Number(hit[0]) : ALIASES[name];
}

/** `SIGTERM` / `term` / `15` → `TERM` (numbers without a signal stay as given). */
export function normaliseSignal(raw: string): string {
  const s = raw.trim().toUpperCase();
  if (/^\d+$/.test(s)) return signalShortName(Number(s)) ?? s;
  return s.startsWith('SIG') ? s.slice(3) : s;
}
