// Podman's Docker-compatible API where it differs from Docker's. Measured on Podman 4.3.1
// (Debian 12, `podman system service`, compat API 1.41, cgroup v1); README "Podman" says
// what each difference means for a user:
//   - events: the live compat stream sends `die` (with exitCode) but `remove` for destroy,
//     and filters by Podman's own names (`died`, `remove`), so Docker's event filter drops
//     them; history (`since`) keeps `died` with only `containerExitCode`; an `until` makes
//     both the compat and the libpod events endpoints return nothing; no `kill`, `stop` or
//     `oom` events at all.
//   - top: ps_args that are not psgo descriptors make Podman exec `ps` INSIDE the container
//     (Docker runs ps on the host); psgo descriptors are read from /proc by Podman itself,
//     list zombies (cgroup v1 included) and give PIDs as the container sees them.
//   - inspect: Config.StopSignal is a number ("15"), Config.StopTimeout reads 0 when none was
//     set (the stop still waits 10 s), HostConfig.PidMode "private", Entrypoint [] for none;
//     State.OOMKilled stays false after a cgroup OOM kill (the kernel log names libpod-<id>).
import type Docker from 'dockerode';

export type EngineProduct = 'docker' | 'podman';

const products = new WeakMap<object, EngineProduct>();

/** Remember which product a connected client talks to (connect() does it). */
export function rememberProduct(client: Docker, product: EngineProduct): void {
  products.set(client, product);
}

/** True for a client connect() found to be Podman. */
export function isPodman(client: Docker): boolean {
  return products.get(client) === 'podman';
}

/**
 * psgo descriptors for GET /containers/{id}/top on Podman: Podman reads them from /proc
 * itself (nothing runs in the container), zombies included, PIDs in the container's
 * namespace. No thread count exists among them.
 */
export const PODMAN_TOP_DESCRIPTORS = 'pid,ppid,state,rss,args';

/** Podman's own action names for Docker's. */
const DOCKER_ACTION: Readonly<Record<string, string>> = { died: 'die', remove: 'destroy' };

/** An event action and attributes in Docker's vocabulary (a Docker event is unchanged). */
export function dockerEventShape(
  action: string,
  attributes: Record<string, string>,
): { action: string; attributes: Record<string, string> } {
  const mapped = DOCKER_ACTION[action] ?? action;
  if (mapped !== 'die' || attributes.exitCode !== undefined || !('containerExitCode' in attributes))
    return { action: mapped, attributes };
  return { action: mapped, attributes: { ...attributes, exitCode: attributes.containerExitCode } };
}

interface PodmanInspectLike {
  Config: { StopTimeout?: number };
  State: { Status?: string };
}

/** Podman's container states in Docker's words. */
const DOCKER_STATUS: Readonly<Record<string, string>> = {
  // Exited, before Podman's cleanup ran: the `die` event comes between the two.
  stopped: 'exited',
  configured: 'created',
  initialized: 'created',
  stopping: 'running',
};

/**
 * Podman's inspect in Docker's shape where they differ in meaning: a StopTimeout of 0 is
 * "none set" (Docker omits the field; Podman then waits its default 10 s), and Podman's
 * own states (`stopped` right after a death, `configured`, …) become Docker's.
 */
export function dockerInspectShape<T extends PodmanInspectLike>(inspect: T): T {
  const status = inspect.State?.Status;
  const config = { ...inspect.Config };
  if (config.StopTimeout === 0) delete config.StopTimeout;
  return {
    ...inspect,
    Config: config,
    State: { ...inspect.State, Status: (status && DOCKER_STATUS[status]) ?? status },
  };
}
