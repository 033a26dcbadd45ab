// Signal names as Dockerfile STOPSIGNAL accepts them: SIGTERM, TERM, 15, SIGRTMIN+3.

const numbers: Record<string, string> = {
  '1': 'HUP',
  '2': 'INT',
  '3': 'QUIT',
  '6': 'ABRT',
  '9': 'KILL',
  '10': 'USR1',
  '12': 'USR2',
  '15': 'TERM',
  '28': 'WINCH',
};

/** `SIGTERM` / `term` / `15` → `TERM`. */
export function normaliseSignal(raw: string): string {
  const s = raw.trim().toUpperCase();
  if (/^\d+$/.test(s)) return numbers[s] ?? s;
  return s.startsWith('SIG') ? s.slice(3) : s;
}

/** The Linux signal number of a normalised name (`TERM` → 15, `RTMIN+3` → 37); null when unknown. */
export function signalNumber(name: string): number | null {
  const n = normaliseSignal(name);
  if (/^\d+$/.test(n)) return Number(n);
  const rt = /^RTMIN(?:\+(\d+))?$/.exec(n);
  if (rt) return 34 + Number(rt[1] ?? 0);
  const rtmax = /^RTMAX(?:-(\d+))?$/.exec(n);
  if (rtmax) return 64 - Number(rtmax[1] ?? 0);
  for (const [num, nm] of Object.entries(numbers)) if (nm === n) return Number(num);
  return null;
}
