// Several engines at once: one ExplorerModel per engine, each with its own session (its own
// connection state, event stream and reconnect), so a down engine never blocks the others.
// Which engines are live is the user's choice (`chooseEngines`); the current engine is live
// at once, the others join when their probe answers. Free of vscode: the Docker tests drive it.
import { EventEmitter } from 'node:events';
import {
  chooseEngines,
  connect,
  endpointKey,
  type Engine,
  type EngineSelection,
  type EngineState,
} from '../connection';
import type { ContainerView } from '../containers/model';
import { ExplorerModel, type ExplorerModelOptions, type ModelChange } from './model';

/** How long "auto" waits for an engine other than the current one to answer. */
export const ENGINE_PROBE_TIMEOUT_MS = 2500;

export interface LiveEngine {
  engine: Engine;
  model: ExplorerModel;
}

export type EngineSetChange =
  { kind: 'engines' } | { kind: 'engine'; engine: string; change: ModelChange };

export interface EngineSetOptions {
  /** Every engine there is (re-read on each reconfigure). */
  discover: () => Engine[];
  /** Which of them to show (re-read on each reconfigure). */
  selection: () => EngineSelection;
  /** Options of each engine's model, but its endpoint. */
  model: Omit<ExplorerModelOptions, 'resolveEndpoint'>;
  probeTimeoutMs?: number;
}

export class EngineSet {
  private readonly emitter = new EventEmitter();
  private live: LiveEngine[] = [];
  private generation = 0;
  private started = false;
  private disposed = false;
  private choosing: Promise<void> | undefined;

  constructor(private readonly options: EngineSetOptions) {}

  /** Start the current engine at once and the others as they answer. */
  start(): void {
    if (this.started) return;
    this.started = true;
    void this.reconfigure();
  }

  /** Re-discover and re-choose (settings, contexts or DOCKER_HOST changed). Engines whose
   * name and endpoint did not change keep their session. */
  reconfigure(): Promise<void> {
    const mine = ++this.generation;
    const all = this.options.discover();
    const selection = this.options.selection();
    // The current engine (or the first named) is shown before any probe answers.
    const first = Array.isArray(selection)
      ? all.find((e) => e.name === selection[0])
      : all.find((e) => e.current);
    // A new current engine (the setting changed) is used at once, not after the probes.
    if (first && !(this.live[0] && sameEngine(this.live[0].engine, first))) this.apply([first]);
    this.choosing = chooseEngines(all, selection, (e) => this.answers(e)).then((chosen) => {
      if (mine === this.generation && !this.disposed) this.apply(chosen);
    });
    return this.choosing;
  }

  /** Resolves when the latest reconfigure has chosen its engines. */
  ready(): Promise<void> {
    return this.choosing ?? Promise.resolve();
  }

  private async answers(engine: Engine): Promise<boolean> {
    const kept = this.live.find((l) => sameEngine(l.engine, engine));
    if (kept?.model.state?.kind === 'connected') return true;
    const timeoutMs = this.options.probeTimeoutMs ?? ENGINE_PROBE_TIMEOUT_MS;
    // ssh pays a handshake first; give it the time a user would wait for `docker ps`.
    const state = await connect(engine.endpoint, {
      timeoutMs: engine.endpoint.kind === 'ssh' ? timeoutMs * 4 : timeoutMs,
    });
    return state.kind === 'connected';
  }

  private apply(chosen: readonly Engine[]): void {
    const next: LiveEngine[] = chosen.map((engine) => {
      const kept = this.live.find((l) => sameEngine(l.engine, engine));
      return kept ? { engine, model: kept.model } : this.create(engine);
    });
    for (const old of this.live) if (!next.some((n) => n.model === old.model)) old.model.dispose();
    const changed =
      next.length !== this.live.length || next.some((n, i) => n.model !== this.live[i]?.model);
    this.live = next;
    if (changed) this.emitter.emit('change', { kind: 'engines' } satisfies EngineSetChange);
  }

  private create(engine: Engine): LiveEngine {
    const model = new ExplorerModel({
      ...this.options.model,
      resolveEndpoint: () => engine.endpoint,
    });
    model.onDidChange((change) =>
      this.emitter.emit('change', {
        kind: 'engine',
        engine: engine.name,
        change,
      } satisfies EngineSetChange),
    );
    if (this.started) model.start();
    return { engine, model };
  }

  onDidChange(listener: (change: EngineSetChange) => void): { dispose(): void } {
    this.emitter.on('change', listener);
    return { dispose: () => this.emitter.off('change', listener) };
  }

  /** The live engines, the current one first. */
  engines(): readonly LiveEngine[] {
    return this.live;
  }

  get(name: string): LiveEngine | undefined {
    return this.live.find((l) => l.engine.name === name);
  }

  /** The engine commands use when nothing names one: the first shown. */
  current(): LiveEngine | undefined {
    return this.live[0];
  }

  /** The engine that lists this container (by id, id prefix or name), current engine first. */
  findContainer(ref: string): { live: LiveEngine; container: ContainerView } | undefined {
    for (const live of this.live) {
      const container =
        live.model.container(ref) ??
        live.model
          .containers()
          .find((c) => c.name === ref || (ref.length >= 12 && c.id.startsWith(ref)));
      if (container) return { live, container };
    }
    return undefined;
  }

  /** Every engine's state, for summaries. */
  states(): { engine: Engine; state: EngineState | undefined }[] {
    return this.live.map((l) => ({ engine: l.engine, state: l.model.state }));
  }

  dispose(): void {
    this.disposed = true;
    for (const l of this.live) l.model.dispose();
    this.live = [];
    this.emitter.removeAllListeners();
  }
}

function sameEngine(a: Engine, b: Engine): boolean {
  return a.name === b.name && endpointKey(a.endpoint) === endpointKey(b.endpoint);
}
