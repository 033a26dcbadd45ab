// The swarm part of the live model of one engine: when the engine is a swarm manager, its
// services (grouped into stacks), their tasks and nodes. It is read with each full refresh
// of the explorer and again, debounced, when a task's container has an event (a task
// started, died, was replaced); idle it makes no API call, like the rest of the model.
import type Docker from 'dockerode';
import { groupStacks, listSwarm, replicaCounts, swarmRole } from './list';
import type { SwarmListing, SwarmRole, SwarmService, SwarmStackGroup, SwarmTask } from './types';
import { TERMINAL_TASK_STATES } from './types';

/** The label Docker puts on a task's container: the service it belongs to. */
export const TASK_SERVICE_LABEL = 'com.docker.swarm.service.id';
/** The label naming the task a container runs. */
export const TASK_ID_LABEL = 'com.docker.swarm.task.id';

/** Container events after which the container no longer runs. */
const CONTAINER_ENDED = new Set(['die', 'stop', 'oom', 'destroy']);
/** The waits between readings while the manager catches up with an event (sum ~15 s). */
const SETTLE_DELAYS_MS = [500, 1000, 2000, 4000, 8000];

export class LiveSwarm {
  private role: SwarmRole = { kind: 'inactive' };
  private current: SwarmListing | undefined;
  private error: string | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inflight: Promise<void> | undefined;
  private again = false;
  private generation = 0;
  /** Task id → what its container's latest event says the listing should come to show. */
  private readonly awaited = new Map<string, { expected: 'ended' | 'running'; attempts: number }>();

  constructor(
    private readonly onChange: () => void,
    private readonly debounceMs = 300,
  ) {}

  /** This engine manages a swarm (services can be listed here). */
  get isManager(): boolean {
    return this.role.kind === 'manager';
  }

  get swarmRole(): SwarmRole {
    return this.role;
  }

  /** Why the latest listing failed, if it did (shown instead of services). */
  get listingError(): string | undefined {
    return this.error;
  }

  services(): SwarmService[] {
    return this.current?.services ?? [];
  }

  service(id: string): SwarmService | undefined {
    return this.current?.services.find((s) => s.id === id);
  }

  stacks(): SwarmStackGroup[] {
    return groupStacks(this.services());
  }

  /** A service's tasks, newest first (the history the swarm keeps). */
  tasks(serviceId: string): SwarmTask[] {
    return this.current?.tasks.filter((t) => t.serviceId === serviceId) ?? [];
  }

  task(id: string): SwarmTask | undefined {
    return this.current?.tasks.find((t) => t.id === id);
  }

  nodeName(nodeId: string | undefined): string | undefined {
    return this.current?.nodes.find((n) => n.id === nodeId)?.hostname;
  }

  /** The node whose engine this is: its task containers are the ones the explorer lists. */
  get localNodeId(): string | undefined {
    return this.role.kind === 'inactive' ? undefined : this.role.nodeId;
  }

  replicas(service: SwarmService): { running: number; desired: number } {
    return replicaCounts(service, this.current?.tasks ?? []);
  }

  /** Read the role and, on a manager, the services, tasks and nodes. */
  refresh(docker: Docker): Promise<void> {
    if (this.inflight) {
      this.again = true;
      return this.inflight;
    }
    const generation = this.generation;
    this.inflight = (async () => {
      try {
        const role = await swarmRole(docker);
        const listing = role.kind === 'manager' ? await listSwarm(docker, role.nodeId) : undefined;
        if (generation !== this.generation) return;
        this.role = role;
        this.current = listing;
        this.error = undefined;
      } catch (err) {
        if (generation !== this.generation) return;
        this.error = err instanceof Error ? err.message : String(err);
      }
      this.onChange();
    })().finally(() => {
      this.inflight = undefined;
      if (this.again) {
        this.again = false;
        void this.refresh(docker);
      }
    });
    return this.inflight;
  }

  /**
   * A container event: a task's container changing means its task changed. The manager
   * learns it from the node's agent a moment after the engine's event (on a loaded machine,
   * seconds later), so a listing read at once can still say `running` for a task whose
   * container died. Until the listing agrees with the event, it is read again, backing off,
   * for up to ~15 s; then the next event or refresh decides.
   */
  noteContainerEvent(docker: Docker, attributes: Record<string, string>, action = ''): void {
    // Not gated on isManager: right after a (re)connect the role is still being read, and
    // an event then would be lost. Only task containers carry the label.
    if (!attributes[TASK_SERVICE_LABEL]) return;
    const taskId = attributes[TASK_ID_LABEL];
    const expected = CONTAINER_ENDED.has(action)
      ? 'ended'
      : action === 'start'
        ? 'running'
        : undefined;
    if (taskId && expected) this.awaited.set(taskId, { expected, attempts: 0 });
    this.schedule(docker, this.debounceMs);
  }

  private schedule(docker: Docker, ms: number): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh(docker).then(() => this.settle(docker));
    }, ms);
  }

  /** Tasks whose listing does not yet show what their container's event said. */
  private settle(docker: Docker): void {
    let next = 0;
    for (const [taskId, wait] of this.awaited) {
      const task = this.task(taskId);
      const ended = task ? TERMINAL_TASK_STATES.includes(task.state) : true;
      const agrees = wait.expected === 'ended' ? ended : task?.state === 'running' || ended;
      if (agrees || wait.attempts >= SETTLE_DELAYS_MS.length) {
        this.awaited.delete(taskId);
        continue;
      }
      const delay = SETTLE_DELAYS_MS[wait.attempts++]!;
      next = next === 0 ? delay : Math.min(next, delay);
    }
    if (next > 0) this.schedule(docker, next);
  }

  /** The engine went away or changed: forget everything (answers in flight are dropped). */
  clear(): void {
    this.generation++;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.awaited.clear();
    this.role = { kind: 'inactive' };
    this.current = undefined;
    this.error = undefined;
  }

  dispose(): void {
    this.clear();
  }
}
