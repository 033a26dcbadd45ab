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
