// The host audit: every container on the engine, checked for what takes hosts down
// (docs/measurements.md): no memory limit (and the sum of limits against host memory), no pids
// limit, a PID 1 that will ignore SIGTERM or not reap, zombies, restart loops, OOM kills.
// Reads only (Engine API, plus host /proc for a local engine); each finding has its action.
import type Docker from 'dockerode';
import type { RuntimeVerdict } from '../../model/types';
import { signalNumber } from '../../model/knowledge/signals';
import { hostZombieCount, readHostPid1 } from '../containers/list';
import { viewFromInspect, type InspectLike } from '../containers/model';
import { scanHostProc, type HostProcScan } from '../processes/sources';
import type { Pid1Judge, Pid1Judgement } from '../containers/judgement';

export type AuditFindingId =
  | 'no-memory-limit'
  | 'no-pids-limit'
  | 'pid1-ignores-sigterm'
  | 'pid1-no-reap'
  | 'zombies'
  | 'restart-loop'
  | 'oom-killed';

export type AuditActionKind =
  'set-memory-limit' | 'set-pids-limit' | 'explain' | 'open-dockerfile' | 'add-init';

export interface AuditAction {
  kind: AuditActionKind;
  title: string;
  /** A command line the user can run (never run by us). */
  command?: string;
}

export interface AuditFinding {
  id: AuditFindingId;
  severity: 'error' | 'warning' | 'info';
  message: string;
  actions: AuditAction[];
}

export interface AuditedContainer {
  id: string;
  name: string;
  image: string;
  state: string;
  restartCount: number;
  memoryLimit: number;
  pidsLimit: number | null;
  pid1: string[];
  /** The model's verdict on PID 1 (the keys of `lint`'s `runtime`). */
  pid1Verdict: RuntimeVerdict;
  findings: AuditFinding[];
}

export interface AuditReport {
  host: {
    memTotal: number;
    containers: number;
    running: number;
    /** Sum of the memory limits of running containers. */
    sumOfLimits: number;
    runningWithoutLimit: number;
    /** The running containers' limits add up to more than the host has. */
    overcommitted: boolean;
  };
  containers: AuditedContainer[];
  /** Parts that could not be checked, each a sentence. */
  gaps: string[];
}

export type AuditOutcome =
  { kind: 'ok'; report: AuditReport } | { kind: 'engine-lost'; message: string };

export interface AuditOptions {
  local: boolean;
  /** Judges each PID 1 with the one model (in process, or through the language server). */
  judge: Pid1Judge;
  /**
   * Where zombies are counted. `host-proc` (the default on a local engine): one scan of the
   * host's /proc, no API call per container. `api`: stats (pids_stats) and top per running
   * container, which on a remote engine is the only way and costs about a second each.
   */
  zombieSource?: 'host-proc' | 'api';
  /** Containers inspected at once (default 16). */
  concurrency?: number;
  /** A restart count from which a container counts as restart-looping. */
  restartLoopThreshold?: number;
  now?: () => Date;
}

const base = (p: string) => p.split('/').pop() ?? p;
const mib = (b: number) => `${Math.round(b / 1024 / 1024)} MiB`;

/**
 * PID 1's judgement by the one model: measured from the host's /proc on a local engine
 * (the running PID 1, after any shell exec'd its command, and its signal masks), else from
 * the config (Path + Args, --init, the image's family, Config.StopSignal).
 */
export async function auditPid1(
  info: {
    Path: string;
    Args?: string[];
    Config: { Image?: string; StopSignal?: string; WorkingDir?: string };
    State: { Running?: boolean; Pid?: number };
  },
  init: boolean,
  local: boolean,
  judge: Pid1Judge,
  procRoot = '/proc',
): Promise<Pid1Judgement> {
  const facts = {
    image: info.Config.Image,
    stopSignal: info.Config.StopSignal,
    workdir: info.Config.WorkingDir,
  };
  if (local && info.State.Running && info.State.Pid && info.State.Pid > 0) {
    const signal = signalNumber(info.Config.StopSignal || 'TERM') ?? 15;
    const host = readHostPid1(info.State.Pid, signal, procRoot);
    if (host?.argv.length) return judge({ argv: host.argv, init, facts, signals: host.signals });
  }
  return judge({ argv: [info.Path, ...(info.Args ?? [])], init, facts });
}

function isConnectionError(err: unknown): boolean {
  const e = err as { statusCode?: number; code?: string; message?: string };
  return (
    (e?.statusCode === undefined &&
      ['ECONNREFUSED', 'ENOENT', 'ECONNRESET', 'EPIPE', 'EACCES'].includes(e?.code ?? '')) ||
    /socket hang up/i.test(e?.message ?? '')
  );
}

async function oomEventCounts(docker: Docker, now: Date): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const stream = await docker.getEvents({
    since: '0' as unknown as number,
    until: `${Math.floor(now.getTime() / 1000)}` as unknown as number,
    filters: { type: ['container'], event: ['oom'] } as Docker.GetEventsOptions['filters'],
  });
  const chunks: Buffer[] = [];
  for await (const b of stream as AsyncIterable<Buffer>) chunks.push(b);
  for (const line of Buffer.concat(chunks).toString('utf8').split('\n')) {
    if (!line.trim()) continue;
    const id = (JSON.parse(line) as { Actor?: { ID?: string }; id?: string }).Actor?.ID;
    if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

/** Zombies: the stats API counts them in pids_stats.current, top (cgroup v1) does not list them. */
async function zombieCount(c: Docker.Container): Promise<number | null> {
  const [stats, top] = await Promise.all([
    c.stats({ stream: false, 'one-shot': true } as { stream: false }) as Promise<{
      pids_stats?: { current?: number };
    }>,
    c.top() as Promise<{ Processes?: string[][] }>,
  ]);
  const current = stats.pids_stats?.current;
  if (current === undefined) return null;
  return Math.max(0, current - (top.Processes?.length ?? 0));
}

async function auditContainer(
  docker: Docker,
  summary: Docker.ContainerInfo,
  oomCounts: Map<string, number>,
  options: AuditOptions,
  gaps: string[],
  scan: HostProcScan | undefined,
): Promise<AuditedContainer | undefined> {
  let info: Docker.ContainerInspectInfo;
  try {
    info = await docker.getContainer(summary.Id).inspect();
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return undefined; // removed meanwhile
    throw err;
  }
  const name = info.Name.replace(/^\//, '');
  const hc = info.HostConfig as Docker.HostConfig & { Init?: boolean | null };
  const running = info.State.Running;
  const findings: AuditFinding[] = [];
  const explain: AuditAction = {
    kind: 'explain',
    title: 'Explain',
    command: `container-doctor explain ${name}`,
  };
  const openDockerfile: AuditAction = { kind: 'open-dockerfile', title: 'Open Dockerfile' };

  if (!hc.Memory)
    findings.push({
      id: 'no-memory-limit',
      severity: 'warning',
      message:
        'No memory limit: a leak competes with every process on the host, dockerd included (docs/rules/compose-no-memory-limit.md).',
      actions: [
        {
          kind: 'set-memory-limit',
          title: 'Set memory limit…',
          // --memory-swap -1 so the new limit cannot conflict with an existing swap limit.
          command: `docker update --memory 512m --memory-swap -1 ${name}`,
        },
      ],
    });
  if (!hc.PidsLimit || hc.PidsLimit <= 0)
    findings.push({
      id: 'no-pids-limit',
      severity: 'info',
      message:
        'No pids limit: a fork or thread leak (or unreaped zombies) can exhaust the host PID table.',
      actions: [
        {
          kind: 'set-pids-limit',
          title: 'Set pids limit',
          command: `docker update --pids-limit 512 ${name}`,
        },
      ],
    });

  const pid1 = await auditPid1(info, Boolean(hc.Init), options.local, options.judge);
  const shown = `\`${pid1.argv.join(' ').slice(0, 200)}\``;
  if (pid1.verdict.gracefulStop === false)
    findings.push({
      id: 'pid1-ignores-sigterm',
      severity: 'warning',
      message: `PID 1 ${shown} will not stop on docker stop: it ends in SIGKILL after the grace period (exit 137). ${pid1.sigtermEvidence ? `Measured: ${pid1.sigtermEvidence}. ` : ''}${pid1.reason}`,
      actions: [
        {
          kind: 'add-init',
          title: 'Run with an init',
          command: 'docker run --init … (compose: init: true)',
        },
        openDockerfile,
      ],
    });
  if (pid1.verdict.reapsZombies === false)
    findings.push({
      id: 'pid1-no-reap',
      severity: 'info',
      message: `PID 1 ${shown} does not reap orphaned children: their zombies accumulate. ${pid1.reason}`,
      actions: [
        { kind: 'add-init', title: 'Run with an init', command: 'docker run --init …' },
        openDockerfile,
      ],
    });

  if (running) {
    try {
      const z = scan
        ? ((await hostZombieCount(viewFromInspect(info as unknown as InspectLike), scan))?.count ??
          null)
        : await zombieCount(docker.getContainer(info.Id));
      if (z && z > 0)
        findings.push({
          id: 'zombies',
          severity: z >= 10 ? 'error' : 'warning',
          message: `${z} zombie process(es): counted by pids_stats but not listed by top; PID 1 (${base(pid1.argv[0] ?? '')}) does not reap its orphans.`,
          actions: [
            {
              kind: 'add-init',
              title: 'Run with an init that reaps',
              command: 'docker run --init …',
            },
            openDockerfile,
          ],
        });
    } catch (err) {
      if (isConnectionError(err)) throw err;
      gaps.push(`${name}: zombies not checked (${(err as Error).message})`);
    }
  }

  const threshold = options.restartLoopThreshold ?? 3;
  if (info.State.Restarting || info.RestartCount >= threshold)
    findings.push({
      id: 'restart-loop',
      severity: info.State.Restarting ? 'error' : 'warning',
      message: `${info.State.Restarting ? 'Restarting now; ' : ''}restarted ${info.RestartCount} time(s) by its ${hc.RestartPolicy?.Name || 'no'} policy: only the latest run is in its state.`,
      actions: [explain],
    });

  const ooms = oomCounts.get(info.Id) ?? 0;
  if (info.State.OOMKilled || ooms > 0)
    findings.push({
      id: 'oom-killed',
      severity: 'error',
      message: `${
        ooms ? `${ooms} OOM kill(s) in the daemon's events` : 'OOMKilled is set'
      }${hc.Memory ? ` (limit ${mib(hc.Memory)})` : ''}${
        running ? ': a child was killed while PID 1 lived on' : ''
      }.`,
      actions: [
        explain,
        {
          kind: 'set-memory-limit',
          title: 'Set memory limit…',
          command: `docker update --memory <size> --memory-swap -1 ${name}`,
        },
      ],
    });

  return {
    id: info.Id,
    name,
    image: info.Config.Image,
    state: info.State.Status,
    restartCount: info.RestartCount,
    memoryLimit: hc.Memory ?? 0,
    pidsLimit: hc.PidsLimit && hc.PidsLimit > 0 ? hc.PidsLimit : null,
    pid1: pid1.argv,
    pid1Verdict: pid1.verdict,
    findings,
  };
}

/** Audit every container on the engine. Never throws. */
export async function auditHost(docker: Docker, options: AuditOptions): Promise<AuditOutcome> {
  const now = options.now?.() ?? new Date();
  const gaps: string[] = [];
  try {
    const [list, info] = await Promise.all([
      docker.listContainers({ all: true }),
      docker.info() as Promise<{ MemTotal?: number }>,
    ]);
    let ooms = new Map<string, number>();
    try {
      ooms = await oomEventCounts(docker, now);
    } catch (err) {
      if (isConnectionError(err)) throw err;
      gaps.push(`OOM events not read: ${(err as Error).message}`);
    }
    const useHost = options.local && (options.zombieSource ?? 'host-proc') === 'host-proc';
    const scan = useHost ? await scanHostProc() : undefined;
    const audited: (AuditedContainer | undefined)[] = new Array(list.length);
    // A pool of workers: one container's slow stats read does not hold up the others.
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let i = next++; i < list.length; i = next++)
        audited[i] = await auditContainer(docker, list[i]!, ooms, options, gaps, scan);
    };
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 16) }, worker));
    const containers = audited.filter((c): c is AuditedContainer => c !== undefined);
    const running = containers.filter((c) => c.state === 'running' || c.state === 'restarting');
    const sumOfLimits = running.reduce((s, c) => s + c.memoryLimit, 0);
    const memTotal = info.MemTotal ?? 0;
    const severityRank = { error: 0, warning: 1, info: 2 } as const;
    containers.sort(
      (a, b) =>
        Math.min(3, ...a.findings.map((f) => severityRank[f.severity])) -
          Math.min(3, ...b.findings.map((f) => severityRank[f.severity])) ||
        a.name.localeCompare(b.name),
    );
    return {
      kind: 'ok',
      report: {
        host: {
          memTotal,
          containers: containers.length,
          running: running.length,
          sumOfLimits,
          runningWithoutLimit: running.filter((c) => !c.memoryLimit).length,
          overcommitted: memTotal > 0 && sumOfLimits > memTotal,
        },
        containers,
        gaps,
      },
    };
  } catch (err) {
    return {
      kind: 'engine-lost',
      message: `The Docker daemon did not answer: ${(err as Error).message}`,
    };
  }
}

export function auditText(r: AuditReport): string {
  const h = r.host;
  const lines = [
    `${h.containers} container(s), ${h.running} running; host memory ${mib(h.memTotal)}; running limits add up to ${mib(h.sumOfLimits)}${
      h.overcommitted ? ' (MORE than the host has)' : ''
    }; ${h.runningWithoutLimit} running without a memory limit`,
  ];
  for (const c of r.containers) {
    if (!c.findings.length) continue;
    lines.push('', `${c.name} (${c.id.slice(0, 12)}, ${c.image}, ${c.state})`);
    for (const f of c.findings) {
      lines.push(`  ${f.severity.padEnd(7)} ${f.id}: ${f.message}`);
      for (const a of f.actions) if (a.command) lines.push(`          → ${a.title}: ${a.command}`);
    }
  }
  const clean = r.containers.filter((c) => !c.findings.length).length;
  if (clean) lines.push('', `${clean} container(s) without findings.`);
  for (const g of r.gaps) lines.push(`note: ${g}`);
  return lines.join('\n') + '\n';
}

export function auditMarkdown(r: AuditReport): string {
  const h = r.host;
  const esc = (s: string) => s.replace(/([\\`*_[\]<>|])/g, '\\$1');
  const lines = [
    '## Docker host audit',
    '',
    `${h.containers} containers, ${h.running} running. Host memory ${mib(h.memTotal)}; running limits add up to ${mib(h.sumOfLimits)}${
      h.overcommitted ? ' (**more than the host has**)' : ''
    }; ${h.runningWithoutLimit} running without a memory limit.`,
  ];
  for (const c of r.containers) {
    if (!c.findings.length) continue;
    lines.push('', `### ${esc(c.name)} (${esc(c.image)}, ${c.state})`, '');
    for (const f of c.findings) {
      const cmd = f.actions.find((a) => a.command)?.command;
      lines.push(`- **${f.severity}** \`${f.id}\`: ${esc(f.message)}${cmd ? ` — \`${cmd}\`` : ''}`);
    }
  }
  const clean = r.containers.filter((c) => !c.findings.length).length;
  if (clean) lines.push('', `${clean} container(s) without findings.`);
  return lines.join('\n') + '\n';
}
