// Formatting and fixes several detectors share. Pure.
import type { LogHint } from '../hints';
import type { ContainerEvent, ExplainEvidence, ExplainFix } from '../types';
import { signalName, signalNumber } from '../../../model/knowledge/signals';
import type { Finding } from './detector';

export const isZero = (t: string | undefined): boolean => !t || t.startsWith('0001-01-01');
export const ms = (t: string): number => Date.parse(t);
export const secs = (a: number): string =>
  a < 1000 ? `${Math.max(0, Math.round(a))} ms` : `${(a / 1000).toFixed(a < 10_000 ? 1 : 0)} s`;
export const mib = (bytes: number): string => `${Math.round(bytes / 1024 / 1024)} MiB`;
/** "The program …" → "the program …", to continue a sentence. */
export const lowerFirst = (s: string): string => `${s.charAt(0).toLowerCase()}${s.slice(1)}`;

function shellForm(e: ExplainEvidence): boolean {
  const prog = e.container.path.split('/').pop() ?? '';
  return ['sh', 'bash', 'dash', 'ash'].includes(prog) && e.container.args[0] === '-c';
}

export function pid1Text(e: ExplainEvidence): string {
  const argv = [e.container.path, ...e.container.args].join(' ');
  return argv.length > 120 ? `${argv.slice(0, 120)}…` : argv;
}

export function eventText(ev: ContainerEvent, stopSignal: string): string {
  switch (ev.action) {
    case 'kill': {
      const n = signalNumber(ev.attributes.signal);
      return `kill: Docker sent ${n ? signalName(n) : ev.attributes.signal} (docker stop/kill/rm -f)`;
    }
    case 'oom':
      return 'oom: the kernel OOM killer killed a process of the container (memory limit reached)';
    case 'die':
      return `die: the main process exited with ${ev.attributes.exitCode ?? '?'}`;
    case 'stop':
      return `stop: the stop request completed (stop signal ${stopSignal})`;
    default:
      return ev.action;
  }
}

export const fixFor = {
  initOrExec: (e: ExplainEvidence): ExplainFix => ({
    title: 'Make PID 1 handle SIGTERM',
    detail: shellForm(e)
      ? `PID 1 is \`${pid1Text(e)}\`: a shell that does not forward SIGTERM. Use the exec form (\`CMD ["prog", "arg"]\`) or \`exec prog\` at the end of the script, and put an init in front (\`docker run --init\`, or \`ENTRYPOINT ["tini", "--"]\`) so the program gets the signal.`
      : `PID 1 is \`${pid1Text(e)}\`, which installed no SIGTERM handler (the kernel drops unhandled signals to PID 1). Run it behind an init (\`docker run --init\`, \`init: true\` in compose, or \`ENTRYPOINT ["tini", "--"]\`), or handle SIGTERM in the program.`,
    anchor: 'command',
  }),
  memoryLimit: (e: ExplainEvidence): ExplainFix => ({
    title: e.hostConfig.memory
      ? 'Raise the memory limit, or find what grows'
      : 'Set a memory limit',
    detail: e.hostConfig.memory
      ? `The limit is ${mib(e.hostConfig.memory)}${
          e.hostConfig.memorySwap > 0 ? ` (memory+swap ${mib(e.hostConfig.memorySwap)})` : ''
        }. If the usage is legitimate: \`docker update --memory <new> --memory-swap <new> ${e.container.name}\`; for the JVM size the heap from the limit (-XX:MaxRAMPercentage=75) rather than -Xmx.`
      : `Without a limit a leak competes with the whole host (docs/causes/oom-killed.md). \`docker update --memory 2g --memory-swap -1 ${e.container.name}\`.`,
  }),
};

/** Adds the first `take` log hints to a finding: each as evidence, its fix as a fix. */
export function withHints(v: Finding, hints: LogHint[], take = 3): Finding {
  for (const h of hints.slice(0, take)) {
    v.evidence.push({ source: 'logs', detail: `${h.title}: "${h.line}"` });
    v.fixes.push({ title: h.fix.title, detail: h.fix.detail });
  }
  return v;
}

/** The last stderr line, or the last line when nothing went to stderr. */
export function lastLogLine(e: ExplainEvidence): string | undefined {
  const stderr = e.logs.lines.filter((l) => l.stream === 'stderr');
  const pick = (stderr.length ? stderr : e.logs.lines).at(-1);
  return pick?.text;
}
