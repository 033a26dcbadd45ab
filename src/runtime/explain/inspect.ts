// `docker inspect` of a container (the Engine API's container JSON) → the evidence the
// classifier reads. Pure: the live collector and captured evidence (--from) both use it,
// so a pasted `docker inspect` is read exactly as a live one.
import type Docker from 'dockerode';
import type { ContainerEvent, ExplainEvidence } from './types';

/** Environment variables worth showing: they size runtimes. Others may hold secrets. */
const RUNTIME_ENV = new Set([
  'JAVA_OPTS',
  'JAVA_TOOL_OPTIONS',
  '_JAVA_OPTIONS',
  'JDK_JAVA_OPTIONS',
  'CATALINA_OPTS',
  'NODE_OPTIONS',
  'GOMEMLIMIT',
  'GOGC',
  'MALLOC_ARENA_MAX',
  'PYTHONMALLOC',
]);

const ZERO_TIME = '0001-01-01T00:00:00Z';

function pickEnv(env: string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kv of env ?? []) {
    const i = kv.indexOf('=');
    const k = i < 0 ? kv : kv.slice(0, i);
    if (RUNTIME_ENV.has(k)) out[k] = i < 0 ? '' : kv.slice(i + 1);
  }
  return out;
}

function portBindings(pb: Docker.PortMap | undefined): string[] {
  const out: string[] = [];
  for (const [port, binds] of Object.entries(pb ?? {}))
    for (const b of binds ?? []) out.push(`${b.HostIp || '0.0.0.0'}:${b.HostPort}->${port}`);
  return out;
}

const asList = (v: string[] | string | null | undefined): string[] | null =>
  v === null || v === undefined ? null : Array.isArray(v) ? v : [v];

/** The parts of the evidence that do not come from the container's inspect. */
export interface EvidenceParts {
  collectedAt: string;
  engine: ExplainEvidence['engine'];
  image: Docker.ImageInspectInfo | undefined;
  events: { since: string; until: string; items: ContainerEvent[]; given?: false };
  logs: ExplainEvidence['logs'];
  kernel: ExplainEvidence['kernel'];
  gaps: string[];
}

type Inspect = Docker.ContainerInspectInfo;
type InspectConfig = Inspect['Config'] & { StopSignal?: string; StopTimeout?: number };

function imageOf(image: Docker.ImageInspectInfo | undefined): ExplainEvidence['image'] {
  if (!image) return null;
  const cfg = image.Config as
    | {
        Entrypoint?: string[] | string | null;
        Cmd?: string[] | null;
        StopSignal?: string;
        User?: string;
      }
    | undefined;
  return {
    id: image.Id,
    entrypoint: asList(cfg?.Entrypoint),
    cmd: asList(cfg?.Cmd),
    ...(cfg?.StopSignal ? { stopSignal: cfg.StopSignal } : {}),
    user: cfg?.User ?? '',
  };
}

function stateOf(info: Inspect): ExplainEvidence['state'] {
  const state = info.State as Inspect['State'] & { Health?: { Status?: string } };
  return {
    status: state.Status,
    running: state.Running,
    restarting: state.Restarting,
    paused: state.Paused,
    dead: state.Dead,
    oomKilled: state.OOMKilled,
    pid: state.Pid,
    exitCode: state.ExitCode,
    error: state.Error ?? '',
    startedAt: state.StartedAt || ZERO_TIME,
    finishedAt: state.FinishedAt || ZERO_TIME,
    ...(state.Health?.Status ? { health: state.Health.Status } : {}),
  };
}

function hostConfigOf(info: Inspect): ExplainEvidence['hostConfig'] {
  const hc = info.HostConfig ?? {};
  return {
    memory: hc.Memory ?? 0,
    memorySwap: hc.MemorySwap ?? 0,
    pidsLimit: hc.PidsLimit && hc.PidsLimit > 0 ? hc.PidsLimit : null,
    init: (hc as { Init?: boolean | null }).Init ?? null,
    autoRemove: hc.AutoRemove ?? false,
    portBindings: portBindings(hc.PortBindings as Docker.PortMap | undefined),
  };
}

function configOf(cfg: InspectConfig): ExplainEvidence['config'] {
  return {
    entrypoint: asList(cfg.Entrypoint as string[] | string | null | undefined),
    cmd: asList(cfg.Cmd as string[] | string | null | undefined),
    ...(cfg.StopSignal ? { stopSignal: cfg.StopSignal } : {}),
    ...(typeof cfg.StopTimeout === 'number' ? { stopTimeout: cfg.StopTimeout } : {}),
    user: cfg.User ?? '',
    workingDir: cfg.WorkingDir ?? '',
    tty: cfg.Tty ?? false,
    env: pickEnv(cfg.Env),
  };
}

/** The evidence from a container's inspect and the parts gathered beside it. */
export function evidenceFromInspect(info: Inspect, parts: EvidenceParts): ExplainEvidence {
  const cfg = info.Config as InspectConfig;
  const hc = info.HostConfig ?? {};
  return {
    schema: 1,
    collectedAt: parts.collectedAt,
    engine: parts.engine,
    container: {
      id: info.Id,
      name: info.Name.replace(/^\//, ''),
      image: cfg.Image,
      imageId: info.Image,
      created: info.Created,
      path: info.Path,
      args: info.Args ?? [],
    },
    state: stateOf(info),
    restartCount: info.RestartCount ?? 0,
    restartPolicy: {
      name: hc.RestartPolicy?.Name || 'no',
      maximumRetryCount: hc.RestartPolicy?.MaximumRetryCount ?? 0,
    },
    hostConfig: hostConfigOf(info),
    config: configOf(cfg),
    image: imageOf(parts.image),
    events: parts.events,
    logs: parts.logs,
    kernel: parts.kernel,
    gaps: parts.gaps,
  };
}
