// The container explorer view : registers the tree, its commands and
// welcome states. Refreshes come from Engine events through each engine's ExplorerModel;
// the only timer re-reads expanded process trees (and host /proc badges) while the
// view is visible. The models are the context's live engines (one session per engine for
// the whole extension); every command acts on the engine its item belongs to; workspace
// trust is VS Code's (restrictedConfigurations).
import * as vscode from 'vscode';
import type { EngineState } from '../../runtime/connection';
import {
  applyMemoryUpdate,
  followLogs,
  type LogFollower,
  formatBytes,
  parseMemory,
  planMemoryUpdate,
  timedStop,
  MIN_MEMORY_BYTES,
  type SwapChoice,
} from '../../runtime/containers';
import {
  workspaceDockerfileHint,
  workspaceDockerfiles,
  type EngineSet,
  type ExplorerModel,
} from '../../runtime/live';
import { workspaceFolderPaths, type ContainerDoctorContext } from '../context';
import { registerSwarmCommands } from './swarm';
import { ContainerTreeProvider, type ExplorerNode } from './tree';

export const VIEW_ID = 'containerDoctor.containers';
/** Context key read by viewsWelcome: connecting, connected, or an EngineState failure kind. */
export const STATE_CONTEXT_KEY = 'containerDoctor.explorer.state';
/** Visible-only refresh of expanded process trees. */
export const PROCESS_REFRESH_MS = 5000;

/** A container a command was given: the explorer's node, { engine, containerId }, or an id. */
export interface ContainerRef {
  engine: string | undefined;
  id: string;
}

export function refOf(arg: unknown): ContainerRef | undefined {
  if (typeof arg === 'string' && arg) return { engine: undefined, id: arg };
  if (arg && typeof arg === 'object' && 'containerId' in arg) {
    const { containerId, engine } = arg as { containerId: unknown; engine?: unknown };
    if (typeof containerId !== 'string') return undefined;
    return { engine: typeof engine === 'string' ? engine : undefined, id: containerId };
  }
  return undefined;
}

/**
 * The engine of a container a command was given: the named engine, else the one that lists
 * it, else the current one.
 */
export function engineOf(engines: EngineSet, ref: ContainerRef): ExplorerModel | undefined {
  if (ref.engine) return engines.get(ref.engine)?.model;
  return (engines.findContainer(ref.id)?.live ?? engines.current())?.model;
}

/**
 * QuickPick items of containers, under a separator per engine when several are shown.
 * `item` makes an engine's container into a pick item (undefined: left out).
 */
export function groupedByEngine<T extends vscode.QuickPickItem>(
  engines: EngineSet,
  item: (model: ExplorerModel, engine: string) => T[],
): (T | vscode.QuickPickItem)[] {
  const live = engines.engines();
  if (live.length <= 1) return live.flatMap((l) => item(l.model, l.engine.name));
  return live.flatMap((l) => {
    const items = item(l.model, l.engine.name);
    const state = l.model.state;
    const label =
      state?.kind === 'connected' || state === undefined
        ? l.engine.name
        : `${l.engine.name} (${state.kind.replace(/-/g, ' ')})`;
    return [{ label, kind: vscode.QuickPickItemKind.Separator }, ...items];
  });
}

/** Plain data of what the tree renders, for extension-host tests. */
export interface TreeSnapshotItem {
  id: string | undefined;
  label: string;
  description: string | undefined;
  tooltip: string | undefined;
  contextValue: string | undefined;
  children: TreeSnapshotItem[] | undefined;
}
export interface TreeSnapshot {
  /** The current engine's state (one engine: what the welcome content shows). */
  state: string;
  message: string | undefined;
  /** Every engine shown, the current one first, with its own state. */
  engines: { name: string; state: string; message: string | undefined; endpoint: string }[];
  items: TreeSnapshotItem[];
}

export function registerExplorer(context: ContainerDoctorContext): void {
  const engines = context.engines;
  const provider = new ContainerTreeProvider(engines);
  const view = vscode.window.createTreeView<ExplorerNode>(VIEW_ID, {
    treeDataProvider: provider,
    showCollapseAll: true,
  });
  /** Expanded running containers: engine name -> their ids. */
  const expanded = new Map<string, Set<string>>();
  const expandedOf = (engine: string): Set<string> => {
    let set = expanded.get(engine);
    if (!set) expanded.set(engine, (set = new Set()));
    return set;
  };
  const anyExpanded = (): boolean => [...expanded.values()].some((s) => s.size > 0);
  const logChannels = new Map<string, vscode.OutputChannel>();
  const logStreams = new Map<string, { follower: LogFollower; channel: vscode.OutputChannel }>();
  let timer: ReturnType<typeof setInterval> | undefined;

  // One engine: its state drives the welcome content, as before. Several: each engine node
  // shows its own state, and the commands are available while any engine is connected.
  const setStateContext = (): void => {
    const live = engines.engines();
    const state: EngineState | undefined =
      live.length > 1
        ? (live.find((l) => l.model.state?.kind === 'connected')?.model.state ??
          live[0]?.model.state)
        : live[0]?.model.state;
    const key = state === undefined ? 'connecting' : state.kind;
    void vscode.commands.executeCommand('setContext', STATE_CONTEXT_KEY, key);
    view.message =
      live.length <= 1 && state && state.kind !== 'connected' ? state.message : undefined;
  };
  setStateContext();

  // The interval exists only while the view is visible and something needs it:
  // an expanded running container (API or /proc reads) or a local engine whose
  // zombie badges come from /proc (no Engine API call).
  const updateTimer = (): void => {
    const anyLocal = engines.engines().some((l) => l.model.local);
    const wanted = view.visible && (anyExpanded() || anyLocal);
    if (wanted && !timer) {
      timer = setInterval(() => {
        for (const l of engines.engines()) {
          for (const id of expanded.get(l.engine.name) ?? []) void l.model.loadProcesses(id, 0);
          if (l.model.local) void l.model.measureHost().then(() => provider.refreshAll());
        }
      }, PROCESS_REFRESH_MS);
    } else if (!wanted && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };

  const modelSub = engines.onDidChange((change) => {
    if (change.kind === 'engines' || change.change.kind === 'state') setStateContext();
    if (change.kind === 'engine' && change.change.kind === 'containers') {
      const model = engines.get(change.engine)?.model;
      if (model?.state?.kind === 'connected' && model === engines.current()?.model)
        void vscode.commands.executeCommand(
          'setContext',
          'containerDoctor.explorer.empty',
          model.containers().length === 0,
        );
      const set = expanded.get(change.engine);
      for (const id of [...(set ?? [])]) if (!model?.container(id)?.running) set?.delete(id);
    }
    updateTimer();
  });

  const connected = (
    model: ExplorerModel | undefined,
  ): Extract<EngineState, { kind: 'connected' }> | undefined => {
    const s = model?.state;
    if (s?.kind === 'connected') return s;
    void vscode.window.showWarningMessage(
      s
        ? `Container Doctor: ${s.message} ${s.remedy}`
        : 'Container Doctor: still connecting to the engine.',
    );
    return undefined;
  };

  /** The container a command acts on and its engine: the item's, or one the user picks
   * (grouped by engine). */
  const pickContainer = async (
    arg: unknown,
    filter?: (running: boolean) => boolean,
  ): Promise<{ model: ExplorerModel; engine: string; id: string } | undefined> => {
    const ref = refOf(arg);
    if (ref) {
      const model = engineOf(engines, ref);
      const engine = engines.engines().find((l) => l.model === model)?.engine.name;
      return model && engine ? { model, engine, id: ref.id } : undefined;
    }
    type Item = vscode.QuickPickItem & { engine?: string; id?: string };
    const items: Item[] = groupedByEngine(engines, (model, engine) =>
      model
        .containers()
        .filter((c) => !filter || filter(c.running))
        .map((c) => ({ label: c.name, description: `${c.image} · ${c.status}`, id: c.id, engine })),
    );
    const picked = await vscode.window.showQuickPick(items, { placeHolder: 'Container' });
    const model = picked?.engine ? engines.get(picked.engine)?.model : undefined;
    return model && picked?.id && picked.engine
      ? { model, engine: picked.engine, id: picked.id }
      : undefined;
  };

  const showLogs = async (arg: unknown): Promise<void> => {
    const picked = await pickContainer(arg);
    const engine = picked && connected(picked.model);
    if (!picked || !engine) return;
    const { model, id } = picked;
    const name = model.container(id)?.name ?? id.slice(0, 12);
    const streamKey = `${picked.engine}\0${id}`;
    const existing = logStreams.get(streamKey);
    if (existing) {
      existing.channel.show(true);
      return;
    }
    // One channel per container, reused (cleared) when its logs are opened again.
    let channel = logChannels.get(streamKey);
    if (channel) channel.clear();
    else {
      const where = engines.engines().length > 1 ? ` (${picked.engine})` : '';
      channel = vscode.window.createOutputChannel(`Container logs: ${name}${where}`);
      logChannels.set(streamKey, channel);
      context.push(channel);
    }
    channel.show(true);
    const out = channel;
    const follower = await followLogs(engine.docker, id, (text) => out.append(text));
    if (!follower.ok) {
      out.appendLine(`[Container Doctor] cannot read logs of ${name}: ${follower.message}`);
      return;
    }
    logStreams.set(streamKey, { follower: follower.value, channel: out });
    void follower.value.done.then(() => {
      out.appendLine(`\n[Container Doctor] log stream ended (${name} stopped or was removed).`);
      logStreams.delete(streamKey);
    });
  };

  const stop = async (arg: unknown): Promise<void> => {
    const picked = await pickContainer(arg, (running) => running);
    const engine = picked && connected(picked.model);
    if (!picked || !engine) return;
    const { model, id } = picked;
    const v = model.container(id);
    const timeout = v?.stopTimeoutSeconds ?? 10;
    const result = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Stopping ${v?.name ?? id.slice(0, 12)} (grace period ${timeout} s)…`,
      },
      () => timedStop(engine.docker, id, timeout),
    );
    if (!result.ok) {
      void vscode.window.showErrorMessage(`Container Doctor: stop failed: ${result.message}`);
      return;
    }
    const r = result.value;
    if (r.honouredSigterm) void vscode.window.showInformationMessage(r.summary);
    else {
      const choice = await vscode.window.showWarningMessage(r.summary, 'Explain Exit');
      if (choice)
        void vscode.commands.executeCommand('containerDoctor.explainExit', {
          engine: picked.engine,
          containerId: id,
        });
    }
  };

  const setMemoryLimit = async (arg: unknown): Promise<void> => {
    const picked = await pickContainer(arg);
    const engine = picked && connected(picked.model);
    const v = picked?.model.container(picked.id);
    if (!picked || !engine || !v) return;
    const id = picked.id;
    const current = v.memoryBytes
      ? `current limit ${formatBytes(v.memoryBytes)}${v.memorySwapBytes > 0 ? `, memory+swap ${formatBytes(v.memorySwapBytes)}` : v.memorySwapBytes === -1 ? ', swap unlimited' : ''}`
      : 'no limit now';
    const text = await vscode.window.showInputBox({
      title: `Memory limit for ${v.name}`,
      prompt: `Like docker update --memory: 512m, 2g (${current})`,
      value: v.memoryBytes ? `${Math.round(v.memoryBytes / 1024 / 1024)}m` : '',
      validateInput: (t) => {
        const bytes = parseMemory(t);
        if (bytes === undefined) return 'A size like 256m, 1g or 1.5g';
        if (bytes < MIN_MEMORY_BYTES) return "Docker's minimum is 6m";
        return undefined;
      },
    });
    if (text === undefined) return;
    const bytes = parseMemory(text)!;
    const choices: (vscode.QuickPickItem & { swap: SwapChoice })[] = [
      {
        label: 'No swap',
        description: `--memory-swap ${formatBytes(bytes)}`,
        detail:
          'memory+swap equals the limit: the container is OOM-killed at the limit (predictable)',
        swap: { kind: 'no-swap' },
      },
      {
        label: 'Unlimited swap',
        description: '--memory-swap -1',
        detail: 'the container may swap without bound once it reaches the limit',
        swap: { kind: 'unlimited' },
      },
    ];
    const keep = planMemoryUpdate(v, bytes, { kind: 'keep' });
    if (keep.ok)
      choices.push({
        label: 'Keep the current swap setting',
        description: keep.summary,
        swap: { kind: 'keep' },
      });
    const swapPick = await vscode.window.showQuickPick(choices, {
      title: `Swap for ${v.name}`,
      placeHolder: keep.ok ? 'Memory + swap' : `Memory + swap (${keep.reason})`,
    });
    if (!swapPick) return;
    const plan = planMemoryUpdate(v, bytes, swapPick.swap);
    if (!plan.ok) {
      void vscode.window.showErrorMessage(`Container Doctor: ${plan.reason}`);
      return;
    }
    const confirm = await vscode.window.showWarningMessage(
      `Set ${v.name} to ${plan.summary}?`,
      {
        modal: true,
        detail: v.running
          ? 'Applies at once to the running container. If it already uses more than the new limit, the kernel reclaims or OOM-kills.'
          : 'Applies when the container next starts.',
      },
      'Set Limit',
    );
    if (confirm !== 'Set Limit') return;
    const applied = await applyMemoryUpdate(engine.docker, id, plan);
    if (!applied.ok)
      void vscode.window.showErrorMessage(
        `Container Doctor: the engine refused: ${applied.message}`,
      );
    else
      void vscode.window.showInformationMessage(
        `${v.name}: ${plan.summary}${applied.value.warnings.length ? ` (${applied.value.warnings.join('; ')})` : ''}`,
      );
  };

  const openDockerfile = async (arg: unknown): Promise<void> => {
    const picked = await pickContainer(arg);
    const v = picked?.model.container(picked.id);
    if (!v) return;
    const candidates = workspaceDockerfiles(v.labels, workspaceFolderPaths());
    if (candidates.length === 0) {
      void vscode.window.showInformationMessage(
        `No Dockerfile for ${v.name} was found in this workspace. ${workspaceDockerfileHint}`,
      );
      return;
    }
    const chosen =
      candidates.length === 1
        ? candidates[0]
        : (
            await vscode.window.showQuickPick(
              candidates.map((c) => ({
                label: vscode.workspace.asRelativePath(c.path),
                detail: c.reason,
                c,
              })),
            )
          )?.c;
    if (!chosen) return;
    await vscode.window.showTextDocument(vscode.Uri.file(chosen.path));
  };

  const snapshot = async (options?: { expand?: string[] }): Promise<TreeSnapshot> => {
    const expandSet = new Set(options?.expand ?? []);
    const wantsExpand = (node: ExplorerNode): boolean => {
      if (['engine', 'group', 'process', 'swarm', 'stack', 'service', 'task'].includes(node.kind))
        return true;
      if (node.kind !== 'container') return false;
      const v = engines.get(node.engine)?.model.container(node.containerId);
      return (
        !!v &&
        (expandSet.has(v.id) ||
          expandSet.has(v.name) ||
          [...expandSet].some((e) => e.length >= 12 && v.id.startsWith(e)))
      );
    };
    const walk = async (nodes: ExplorerNode[]): Promise<TreeSnapshotItem[]> =>
      Promise.all(
        nodes.map(async (node) => {
          const item = provider.getTreeItem(node);
          const tooltip =
            item.tooltip instanceof vscode.MarkdownString ? item.tooltip.value : item.tooltip;
          const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
          return {
            id: item.id,
            label,
            description: typeof item.description === 'string' ? item.description : undefined,
            tooltip,
            contextValue: item.contextValue,
            children: wantsExpand(node) ? await walk(await provider.getChildren(node)) : undefined,
          };
        }),
      );
    const describe = (s: EngineState | undefined) => ({
      state: s === undefined ? 'connecting' : s.kind,
      message: s && s.kind !== 'connected' ? `${s.message} ${s.remedy}` : undefined,
    });
    return {
      ...describe(engines.current()?.model.state),
      engines: engines.engines().map((l) => ({
        name: l.engine.name,
        endpoint: l.engine.endpoint.label,
        ...describe(l.model.state),
      })),
      items: await walk(await provider.getChildren()),
    };
  };

  context.push(
    view,
    provider,
    { dispose: () => modelSub.dispose() },
    {
      dispose: () => {
        if (timer) clearInterval(timer);
        for (const { follower } of logStreams.values()) follower.stop();
      },
    },
    view.onDidChangeVisibility(() => {
      if (!view.visible) for (const l of engines.engines()) l.model.pause();
      updateTimer();
    }),
    view.onDidExpandElement((e) => {
      if (e.element.kind === 'container') {
        expandedOf(e.element.engine).add(e.element.containerId);
        updateTimer();
      }
    }),
    view.onDidCollapseElement((e) => {
      if (e.element.kind === 'container') {
        expandedOf(e.element.engine).delete(e.element.containerId);
        engines.get(e.element.engine)?.model.dropProcesses(e.element.containerId);
        updateTimer();
      }
    }),
    // Refresh: every engine (a down one tries again now), and engines added or removed
    // since (a new docker context, a Podman socket that appeared).
    vscode.commands.registerCommand('containerDoctor.explorer.refresh', () => {
      for (const l of engines.engines()) {
        if (l.model.state?.kind === 'connected') {
          for (const id of expanded.get(l.engine.name) ?? []) l.model.dropProcesses(id);
          void l.model.refresh();
        } else l.model.reconnect();
      }
      void engines.reconfigure();
    }),
    vscode.commands.registerCommand('containerDoctor.explorer.showLogs', showLogs),
    vscode.commands.registerCommand('containerDoctor.explorer.stop', stop),
    vscode.commands.registerCommand('containerDoctor.explorer.setMemoryLimit', setMemoryLimit),
    vscode.commands.registerCommand('containerDoctor.explorer.openDockerfile', openDockerfile),
    registerSwarmCommands(),
    // Hidden (not in package.json): what the tree renders, for extension-host tests.
    vscode.commands.registerCommand('containerDoctor.explorer.snapshot', snapshot),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (
        e.affectsConfiguration('containerDoctor.docker.host') ||
        e.affectsConfiguration('containerDoctor.engines')
      )
        void engines.reconfigure();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void engines.reconfigure()),
    vscode.workspace.onDidSaveTextDocument((doc) => {
      if (
        /(^|\/)(Dockerfile|Containerfile)[^/]*$|\.(Dockerfile|Containerfile)$/i.test(doc.uri.fsPath)
      ) {
        for (const l of engines.engines()) l.model.forgetDockerfiles();
        provider.refreshAll();
      }
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => {
      for (const l of engines.engines()) l.model.forgetDockerfiles();
      provider.refreshAll();
    }),
  );
}
