// The container explorer view : registers the tree, its commands and
// welcome states. Refreshes come from Engine events through ExplorerModel; the
// only timer re-reads expanded process trees (and host /proc badges) while the
// view is visible. The model is the context's live engine model (one session for the
// whole extension); workspace trust is VS Code's (restrictedConfigurations).
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
import { workspaceDockerfileHint, workspaceDockerfiles } from '../../runtime/live';
import { workspaceFolderPaths, type ContainerDoctorContext } from '../context';
import { registerSwarmCommands } from './swarm';
import { ContainerTreeProvider, type ExplorerNode } from './tree';

export const VIEW_ID = 'containerDoctor.containers';
/** Context key read by viewsWelcome: connecting, connected, or an EngineState failure kind. */
export const STATE_CONTEXT_KEY = 'containerDoctor.explorer.state';
/** Visible-only refresh of expanded process trees. */
export const PROCESS_REFRESH_MS = 5000;

function idOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg && typeof arg === 'object' && 'containerId' in arg) {
    const id = (arg as { containerId: unknown }).containerId;
    return typeof id === 'string' ? id : undefined;
  }
  return undefined;
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
  state: string;
  message: string | undefined;
  items: TreeSnapshotItem[];
}

export function registerExplorer(context: ContainerDoctorContext): void {
  const model = context.engine;
  const provider = new ContainerTreeProvider(model);
  const view = vscode.window.createTreeView<ExplorerNode>(VIEW_ID, {
    treeDataProvider: provider,
    showCollapseAll: true,
  });
  const expanded = new Set<string>();
  const logChannels = new Map<string, vscode.OutputChannel>();
  const logStreams = new Map<string, { follower: LogFollower; channel: vscode.OutputChannel }>();
  let timer: ReturnType<typeof setInterval> | undefined;

  const setStateContext = (state: EngineState | undefined): void => {
    const key = state === undefined ? 'connecting' : state.kind;
    void vscode.commands.executeCommand('setContext', STATE_CONTEXT_KEY, key);
    view.message = state && state.kind !== 'connected' ? state.message : undefined;
  };
  setStateContext(undefined);

  // The interval exists only while the view is visible and something needs it:
  // an expanded running container (API or /proc reads) or a local engine whose
  // zombie badges come from /proc (no Engine API call).
  const updateTimer = (): void => {
    const wanted = view.visible && (expanded.size > 0 || model.local);
    if (wanted && !timer) {
      timer = setInterval(() => {
        for (const id of expanded) void model.loadProcesses(id, 0);
        if (model.local) void model.measureHost().then(() => provider.refreshAll());
      }, PROCESS_REFRESH_MS);
    } else if (!wanted && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };

  const modelSub = model.onDidChange((change) => {
    if (change.kind === 'state') setStateContext(model.state);
    if (change.kind === 'containers' && model.state?.kind === 'connected')
      void vscode.commands.executeCommand(
        'setContext',
        'containerDoctor.explorer.empty',
        model.containers().length === 0,
      );
    if (change.kind === 'containers')
      for (const id of [...expanded]) if (!model.container(id)?.running) expanded.delete(id);
    updateTimer();
  });

  const connected = (): Extract<EngineState, { kind: 'connected' }> | undefined => {
    const s = model.state;
    if (s?.kind === 'connected') return s;
    void vscode.window.showWarningMessage(
      s
        ? `Container Doctor: ${s.message} ${s.remedy}`
        : 'Container Doctor: still connecting to the engine.',
    );
    return undefined;
  };

  const pickContainer = async (
    arg: unknown,
    filter?: (running: boolean) => boolean,
  ): Promise<string | undefined> => {
    const id = idOf(arg);
    if (id) return id;
    const items = model
      .containers()
      .filter((c) => !filter || filter(c.running))
      .map((c) => ({ label: c.name, description: `${c.image} · ${c.status}`, id: c.id }));
    const picked = await vscode.window.showQuickPick(items, { placeHolder: 'Container' });
    return picked?.id;
  };

  const showLogs = async (arg: unknown): Promise<void> => {
    const engine = connected();
    const id = await pickContainer(arg);
    if (!engine || !id) return;
    const name = model.container(id)?.name ?? id.slice(0, 12);
    const existing = logStreams.get(id);
    if (existing) {
      existing.channel.show(true);
      return;
    }
    // One channel per container, reused (cleared) when its logs are opened again.
    let channel = logChannels.get(id);
    if (channel) channel.clear();
    else {
      channel = vscode.window.createOutputChannel(`Container logs: ${name}`);
      logChannels.set(id, channel);
      context.push(channel);
    }
    channel.show(true);
    const out = channel;
    const follower = await followLogs(engine.docker, id, (text) => out.append(text));
    if (!follower.ok) {
      out.appendLine(`[Container Doctor] cannot read logs of ${name}: ${follower.message}`);
      return;
    }
    logStreams.set(id, { follower: follower.value, channel: out });
    void follower.value.done.then(() => {
      out.appendLine(`\n[Container Doctor] log stream ended (${name} stopped or was removed).`);
      logStreams.delete(id);
    });
  };

  const stop = async (arg: unknown): Promise<void> => {
    const engine = connected();
    const id = await pickContainer(arg, (running) => running);
    if (!engine || !id) return;
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
      if (choice) void vscode.commands.executeCommand('containerDoctor.explainExit', id);
    }
  };

  const setMemoryLimit = async (arg: unknown): Promise<void> => {
    const engine = connected();
    const id = await pickContainer(arg);
    const v = id ? model.container(id) : undefined;
    if (!engine || !id || !v) return;
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
    const id = await pickContainer(arg);
    const v = id ? model.container(id) : undefined;
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
      if (['group', 'process', 'swarm', 'stack', 'service', 'task'].includes(node.kind))
        return true;
      if (node.kind !== 'container') return false;
      const v = model.container(node.containerId);
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
    const s = model.state;
    return {
      state: s === undefined ? 'connecting' : s.kind,
      message: s && s.kind !== 'connected' ? `${s.message} ${s.remedy}` : undefined,
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
      if (!view.visible) model.pause();
      updateTimer();
    }),
    view.onDidExpandElement((e) => {
      if (e.element.kind === 'container') {
        expanded.add(e.element.containerId);
        updateTimer();
      }
    }),
    view.onDidCollapseElement((e) => {
      if (e.element.kind === 'container') {
        expanded.delete(e.element.containerId);
        model.dropProcesses(e.element.containerId);
        updateTimer();
      }
    }),
    vscode.commands.registerCommand('containerDoctor.explorer.refresh', () => {
      if (model.state?.kind === 'connected') {
        for (const id of expanded) model.dropProcesses(id);
        void model.refresh();
      } else model.reconnect();
    }),
    vscode.commands.registerCommand('containerDoctor.explorer.showLogs', showLogs),
    vscode.commands.registerCommand('containerDoctor.explorer.stop', stop),
    vscode.commands.registerCommand('containerDoctor.explorer.setMemoryLimit', setMemoryLimit),
    vscode.commands.registerCommand('containerDoctor.explorer.openDockerfile', openDockerfile),
    registerSwarmCommands(),
    // Hidden (not in package.json): what the tree renders, for extension-host tests.
    vscode.commands.registerCommand('containerDoctor.explorer.snapshot', snapshot),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('containerDoctor.docker.host')) model.reconnect();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => model.reconnect()),
    vscode.workspace.onDidSaveTextDocument((doc) => {
      if (
        /(^|\/)(Dockerfile|Containerfile)[^/]*$|\.(Dockerfile|Containerfile)$/i.test(doc.uri.fsPath)
      ) {
        model.forgetDockerfiles();
        provider.refreshAll();
      }
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => {
      model.forgetDockerfiles();
      provider.refreshAll();
    }),
  );
}
