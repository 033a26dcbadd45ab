// The live model of one engine, free of vscode so the Docker tests drive it directly:
// engine state, container views, badges inputs, cached process trees. The extension keeps
// one for its lifetime: the explorer renders it and the diagnoses commands take their
// engine connection from it. It changes
// only on Engine events, on explicit refresh/expansion, and on the visible-only
// process interval the view controls; idle and collapsed it makes no API calls.
import { EventEmitter } from 'node:events';
import {
  startEngineSession,
  type ContainerEvent,
  type EngineEndpoint,
  type EngineSession,
  type EngineState,
  type SessionOptions,
} from '../connection';
import {
  computeBadges,
  groupContainers,
  type Badge,
  type ContainerGroup,
  type ContainerView,
} from '../containers/model';
import { hostZombieCount, inspectView, listContainerViews, readHostPid1 } from '../containers/list';
import { configQuestion, type Pid1Judge, type Pid1Judgement } from '../containers/judgement';
import { signalNumber } from '../../model/knowledge/signals';
import {
  judgePid1FromWorkspaceDockerfile,
  type DockerfileVerdictSource,
} from './dockerfile-verdict';
import {
  buildProcessTree,
  readPidsCurrent,
  readProcesses,
  scanHostProc,
  type HostProcScan,
  type ProcessReadResult,
  type ProcessTreeNode,
} from '../processes';
import { LiveSwarm } from '../swarm/live';

export type ModelChange =
  | { kind: 'state' }
  | { kind: 'containers' }
  | { kind: 'processes'; containerId: string }
  | { kind: 'swarm' };

export interface ExplorerModelOptions {
  resolveEndpoint: () => EngineEndpoint;
  allowExec: () => boolean;
  procRoot?: string;
  session?: SessionOptions;
  /** Workspace folders where the Dockerfile engine may find a container's Dockerfile. */
  workspaceFolders?: () => readonly string[];
  /** The Dockerfile engine's verdict on a workspace Dockerfile (the language server). */
  dockerfileVerdict?: DockerfileVerdictSource;
  /**
   * Judges PID 1 with the one model: in process (tests, CLI) or through the language server
   * (the extension, whose bundle does not carry the model).
   */
  judge: Pid1Judge;
  /** Coalesce bursts of events for one container (kill, die, stop). */
  eventDebounceMs?: number;
}

export interface CachedProcesses {
  result: ProcessReadResult;
  roots: ProcessTreeNode[];
  readAtMs: number;
}

interface HostMeasurement {
  zombies:
    { count: number; parents: { pid: number; command: string; count: number }[] } | undefined;
  pid1: Pid1Judgement | undefined;
}

interface PidsSample {
  value: number | undefined;
  pending: Promise<void> | undefined;
}

export class ExplorerModel {
  private readonly emitter = new EventEmitter();
  private session: EngineSession | undefined;
  private engine: EngineState | undefined;
  private views = new Map<string, ContainerView>();
  private oomEvents = new Map<string, number>();
  private host = new Map<string, HostMeasurement>();
  private fromDockerfile = new Map<string, Pid1Judgement | undefined>();
  /** The config judgement per container, for the view it was asked for. */
  private fromConfig = new Map<string, { view: ContainerView; judgement?: Pid1Judgement }>();
  /** Bumped when Dockerfile judgements are forgotten: older answers are dropped. */
  private dockerfileGeneration = 0;
  private processCache = new Map<string, CachedProcesses>();
  private pendingInspect = new Map<string, ReturnType<typeof setTimeout>>();
  private inflightProcesses = new Map<string, Promise<CachedProcesses | undefined>>();
  /** Latest pids_stats.current per shown container (engines without host /proc). */
  private pidsSamples = new Map<string, PidsSample>();
  private refreshing: Promise<void> | undefined;
  private measuring: Promise<void> | undefined;
  private loaded = false;
  private disposed = false;
  /** The engine's swarm, when it manages one: services, stacks, tasks (see ../swarm/live). */
  readonly swarm = new LiveSwarm(() => this.emit({ kind: 'swarm' }));

  constructor(private readonly options: ExplorerModelOptions) {}

  /** Connect and follow events. */
  start(): void {
    if (this.session) return;
    this.session = startEngineSession(
      this.options.resolveEndpoint,
      {
        onState: (state) => this.onState(state),
        onEvent: (event) => this.onEvent(event),
      },
      this.options.session,
    );
  }

  onDidChange(listener: (change: ModelChange) => void): { dispose(): void } {
    this.emitter.on('change', listener);
    return { dispose: () => this.emitter.off('change', listener) };
  }

  private emit(change: ModelChange): void {
    if (!this.disposed) this.emitter.emit('change', change);
  }

  /** undefined while the first connection attempt runs. */
  get state(): EngineState | undefined {
    return this.engine;
  }

  /** True once a full listing finished after the latest connect. */
  get isLoaded(): boolean {
    return this.loaded;
  }

  get local(): boolean {
    return this.engine?.kind === 'connected' && this.engine.version.local;
  }

  containers(): ContainerView[] {
    return [...this.views.values()];
  }

  container(id: string): ContainerView | undefined {
    return this.views.get(id);
  }

  groups(): ContainerGroup[] {
    return groupContainers(this.containers());
  }

  /** PID 1 judgement, best evidence first: measured from host /proc, the workspace
   * Dockerfile judged by the Dockerfile engine, the container config. */
  pid1(id: string): Pid1Judgement | undefined {
    const v = this.views.get(id);
    if (!v) return undefined;
    const measured = this.host.get(id)?.pid1;
    if (measured) return measured;
    if (!this.fromDockerfile.has(id)) this.judgeFromDockerfile(id, v);
    return this.fromDockerfile.get(id) ?? this.judgeFromConfig(id, v);
  }

  /** The config judgement, asked once per view; the tree updates when it comes. */
  private judgeFromConfig(id: string, v: ContainerView): Pid1Judgement | undefined {
    const cached = this.fromConfig.get(id);
    if (cached?.view === v) return cached.judgement;
    const entry: { view: ContainerView; judgement?: Pid1Judgement } = { view: v };
    this.fromConfig.set(id, entry);
    this.options.judge(configQuestion(v)).then(
      (judgement) => {
        if (this.fromConfig.get(id) !== entry) return;
        entry.judgement = judgement;
        this.emit({ kind: 'containers' });
      },
      () => undefined,
    );
    return undefined;
  }

  /**
   * Ask the Dockerfile engine once per container view; until it answers (and when it has
   * no verdict) the config judgement stands. An answer that applies updates the tree.
   */
  private judgeFromDockerfile(id: string, v: ContainerView): void {
    this.fromDockerfile.set(id, undefined);
    const verdictOf = this.options.dockerfileVerdict;
    const folders = this.options.workspaceFolders?.() ?? [];
    if (!verdictOf || folders.length === 0) return;
    const generation = this.dockerfileGeneration;
    judgePid1FromWorkspaceDockerfile(v, folders, verdictOf).then(
      (judgement) => {
        const current = generation === this.dockerfileGeneration && this.views.get(id) === v;
        if (!judgement || !current || !this.fromDockerfile.has(id)) return;
        this.fromDockerfile.set(id, judgement);
        this.emit({ kind: 'containers' });
      },
      () => undefined,
    );
  }

  /** Forget Dockerfile judgements (a Dockerfile was saved, folders changed). */
  forgetDockerfiles(): void {
    this.fromDockerfile.clear();
    this.dockerfileGeneration++;
  }

  zombieInfo(id: string): { count: number; source: string } | undefined {
    const cached = this.processCache.get(id);
    if (cached?.result.ok)
      return {
        count: cached.result.snapshot.zombies.count,
        source: sourceName(cached.result.snapshot.source),
      };
    const z = this.host.get(id)?.zombies;
    return z ? { count: z.count, source: sourceName('host-proc') } : undefined;
  }

  badges(id: string): Badge[] {
    const v = this.views.get(id);
    if (!v) return [];
    return computeBadges(v, {
      zombies: this.zombieInfo(id),
      pid1: v.running || !v.init ? this.pid1(id) : undefined,
      oomEventsSeen: this.oomEvents.get(id) ?? 0,
    });
  }

  cachedProcesses(id: string): CachedProcesses | undefined {
    return this.processCache.get(id);
  }

  /** Read (or reuse, when younger than maxAgeMs) a running container's process tree. */
  async loadProcesses(id: string, maxAgeMs: number): Promise<CachedProcesses | undefined> {
    const cached = this.processCache.get(id);
    if (cached && Date.now() - cached.readAtMs < maxAgeMs) return cached;
    const inflight = this.inflightProcesses.get(id);
    if (inflight) return inflight;
    const p = this.readProcessesNow(id).finally(() => this.inflightProcesses.delete(id));
    this.inflightProcesses.set(id, p);
    return p;
  }

  private async readProcessesNow(id: string): Promise<CachedProcesses | undefined> {
    const engine = this.engine;
    const v = this.views.get(id);
    if (engine?.kind !== 'connected' || !v) return undefined;
    const pidsCurrent = engine.version.local ? undefined : await this.pidsCurrent(id);
    const result = await readProcesses(engine.docker, engine.version, id, {
      pidsCurrent,
      allowExec: this.options.allowExec(),
      procRoot: this.options.procRoot,
      inspected: {
        Id: v.id,
        Name: v.name,
        State: { Running: v.running, Pid: v.pid, Status: v.status },
        HostConfig: { PidMode: v.pidMode },
      },
    });
    if (this.disposed) return undefined;
    const entry: CachedProcesses = {
      result,
      roots: result.ok
        ? buildProcessTree(result.snapshot.processes, result.snapshot.pid1?.pid)
        : [],
      readAtMs: Date.now(),
    };
    if (!result.ok && (result.error.kind === 'gone' || result.error.kind === 'not-found')) {
      // Removed while we read: drop it; the destroy event will confirm.
      this.processCache.delete(id);
    } else this.processCache.set(id, entry);
    this.emit({ kind: 'processes', containerId: id });
    return entry;
  }

  /** Forget a container's process tree (collapsed): the next expansion reads afresh. */
  dropProcesses(id: string): void {
    this.processCache.delete(id);
    this.forgetPidsSamples(id);
  }

  /**
   * Engines without host /proc: pids_stats.current counts the zombies top cannot list, but
   * the daemon answers a stats request only on its next collection tick (about a second).
   * The first read of a tree waits for it; later reads use the previous sample (one refresh
   * old) and ask for the next one in the background, so a refresh costs one top call. A
   * followed stats stream per container would keep the daemon collecting every second.
   */
  private async pidsCurrent(id: string): Promise<number | undefined> {
    const engine = this.engine;
    if (engine?.kind !== 'connected') return undefined;
    let sample = this.pidsSamples.get(id);
    const first = !sample;
    if (!sample) {
      sample = { value: undefined, pending: undefined };
      this.pidsSamples.set(id, sample);
    }
    const s = sample;
    s.pending ??= readPidsCurrent(engine.docker.getContainer(id))
      .then(
        (value) => void (s.value = value),
        () => undefined,
      )
      .finally(() => (s.pending = undefined));
    if (first) await s.pending;
    return s.value;
  }

  private forgetPidsSamples(id?: string): void {
    if (id === undefined) this.pidsSamples.clear();
    else this.pidsSamples.delete(id);
  }

  /** The view was hidden: its trees are not refreshed; their pids samples go stale. */
  pause(): void {
    this.forgetPidsSamples();
  }

  /** Full listing: list + inspect each, then host /proc measurements. */
  refresh(): Promise<void> {
    this.refreshing ??= this.refreshNow().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async refreshNow(): Promise<void> {
    const engine = this.engine;
    if (engine?.kind !== 'connected') return;
    // The swarm is read beside the containers, not before them: a container listing never waits for it.
    void this.swarm.refresh(engine.docker);
    const listed = await listContainerViews(engine.docker);
    if (this.disposed || this.engine !== engine) return;
    if (!listed.ok) return; // the session notices a dead engine and reports the state
    this.views = new Map(listed.value.map((v) => [v.id, v]));
    this.forgetDockerfiles();
    for (const id of [...this.processCache.keys()])
      if (!this.views.has(id)) this.processCache.delete(id);
    await this.measureHost();
    if (this.disposed || this.engine !== engine) return;
    this.loaded = true;
    this.emit({ kind: 'containers' });
  }

  /**
   * Re-read host /proc for zombie badges and PID 1 signal masks (local engines only).
   * Costs no Engine API call, so the view may run it on its visible-only interval.
   */
  async measureHost(ids?: readonly string[]): Promise<void> {
    if (!this.local) {
      this.host.clear();
      return;
    }
    // One /proc pass at a time: a slow pass (10,000 zombies) is not stacked by the timer.
    if (this.measuring) return this.measuring;
    this.measuring = (async () => {
      const scan: HostProcScan = await scanHostProc(this.options.procRoot);
      for (const id of ids ?? [...this.views.keys()]) {
        const v = this.views.get(id);
        if (!v || !v.running) {
          this.host.delete(id);
          continue;
        }
        const host = v.pid
          ? readHostPid1(v.pid, signalNumber(v.stopSignal || 'TERM') ?? 15, this.options.procRoot)
          : undefined;
        this.host.set(id, {
          zombies: await hostZombieCount(v, scan),
          pid1: host
            ? await this.options.judge({
                argv: host.argv,
                init: v.init,
                facts: v,
                signals: host.signals,
              })
            : undefined,
        });
      }
    })().finally(() => (this.measuring = undefined));
    return this.measuring;
  }

  /** Connect again now (settings changed): until the new attempt answers, the state is unknown. */
  reconnect(): void {
    if (!this.session) return;
    this.engine = undefined;
    this.session.reconnect();
  }

  /**
   * The engine for a command a user just ran: this session's connection, shared with the
   * explorer (a command does not connect on its own). While an attempt runs it waits for
   * it; when the engine is not connected it tries again at once (the user asks now, the
   * back-off timer need not be waited for) and returns that answer, connected or not.
   */
  async engineForCommand(): Promise<EngineState> {
    this.start();
    const current = this.engine;
    if (current?.kind === 'connected') return current;
    const next = this.nextState();
    if (current !== undefined) this.reconnect();
    return next;
  }

  /** Every container, listed if no listing has finished since the latest connect. */
  async loadedContainers(): Promise<ContainerView[]> {
    if (!this.loaded) await this.refresh();
    return this.containers();
  }

  private nextState(): Promise<EngineState> {
    return new Promise((resolve) => {
      const subscription = this.onDidChange((change) => {
        const state = this.engine;
        if (change.kind !== 'state' || !state) return;
        subscription.dispose();
        resolve(state);
      });
    });
  }

  private onState(state: EngineState): void {
    const was = this.engine;
    this.engine = state;
    if (was !== state) this.swarm.clear();
    if (state.kind !== 'connected') {
      this.loaded = false;
      this.views.clear();
      this.processCache.clear();
      this.forgetPidsSamples();
      this.host.clear();
      this.emit({ kind: 'state' });
      return;
    }
    if (was?.kind !== 'connected' || was !== state) {
      this.emit({ kind: 'state' });
      void this.refresh();
    }
  }

  private onEvent(event: ContainerEvent): void {
    if (this.engine?.kind === 'connected')
      this.swarm.noteContainerEvent(this.engine.docker, event.attributes, event.action);
    if (event.action === 'oom')
      this.oomEvents.set(event.containerId, (this.oomEvents.get(event.containerId) ?? 0) + 1);
    if (event.action === 'destroy') {
      const t = this.pendingInspect.get(event.containerId);
      if (t) clearTimeout(t);
      this.pendingInspect.delete(event.containerId);
      const had = this.views.delete(event.containerId);
      this.processCache.delete(event.containerId);
      this.forgetPidsSamples(event.containerId);
      this.host.delete(event.containerId);
      this.oomEvents.delete(event.containerId);
      if (had) this.emit({ kind: 'containers' });
      return;
    }
    // One inspect per container per burst (kill, die, stop arrive together).
    if (this.pendingInspect.has(event.containerId)) return;
    const timer = setTimeout(() => {
      this.pendingInspect.delete(event.containerId);
      void this.reinspect(event.containerId);
    }, this.options.eventDebounceMs ?? 50);
    this.pendingInspect.set(event.containerId, timer);
  }

  private async reinspect(id: string): Promise<void> {
    const engine = this.engine;
    if (engine?.kind !== 'connected') return;
    const r = await inspectView(engine.docker, id);
    if (this.disposed || this.engine !== engine) return;
    if (r.ok) {
      const before = this.views.get(id);
      this.views.set(id, r.value);
      this.fromDockerfile.delete(id);
      if (!r.value.running || before?.pid !== r.value.pid) {
        this.processCache.delete(id);
        this.forgetPidsSamples(id);
      }
      await this.measureHost([id]);
    } else if (r.statusCode === 404) {
      this.views.delete(id);
      this.processCache.delete(id);
      this.host.delete(id);
    } else return;
    this.emit({ kind: 'containers' });
  }

  dispose(): void {
    this.disposed = true;
    for (const t of this.pendingInspect.values()) clearTimeout(t);
    this.pendingInspect.clear();
    this.swarm.dispose();
    this.forgetPidsSamples();
    this.session?.dispose();
    this.emitter.removeAllListeners();
  }
}

export function sourceName(source: 'host-proc' | 'api' | 'exec'): string {
  switch (source) {
    case 'host-proc':
      return "host /proc (the container's PID namespace, zombies included)";
    case 'api':
      return 'Engine API top + pids_stats (zombies counted, not listed)';
    case 'exec':
      return 'exec inside the container (allowed in settings)';
  }
}
