// The swarm part of the live model of one engine: when the engine is a swarm manager, its
// services (grouped into stacks), their tasks and nodes. It is read with each full refresh
// of the explorer and again, debounced, when a task's container has an event (a task
// started, died, was replaced); idle it makes no API call, like the rest of the model.
import type Docker from 'dockerode';
import { groupStacks, listSwarm, replicaCounts, swarmRole } from './list';
import type { SwarmListing, SwarmRole, SwarmService, SwarmStackGroup, SwarmTask } from './types';

/** The label Docker puts on a task's container: the service it belongs to. */
export const TASK_SERVICE_LABEL = 'com.docker.swarm.service.id';
/** The label naming the task a container runs. */
export const TASK_ID_LABEL = 'com.docker.swarm.task.id';

export class LiveSwarm {
  private role: SwarmRole = { kind: 'inactive' };
  private current: SwarmListing | undefined;
  private error: string | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inflight: Promise<void> | undefined;
  private again = false;
  private generation = 0;

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

  /** A container event: a task's container changing means its task changed. */
  noteContainerEvent(docker: Docker, attributes: Record<string, string>): void {
    if (!this.isManager || !attributes[TASK_SERVICE_LABEL]) return;
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh(docker);
    }, this.debounceMs);
  }

  /** The engine went away or changed: forget everything (answers in flight are dropped). */
  clear(): void {
    this.generation++;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.role = { kind: 'inactive' };
    this.current = undefined;
    this.error = undefined;
  }

  dispose(): void {
    this.clear();
  }
}
