// TreeDataProvider over the live engines: one top-level node per engine (when more than one
// is shown) with its connection state, under it compose groups, containers with badges, and
// (expanded) process trees. With one engine the tree looks as it always did: no engine level,
// and the view's welcome content explains a failed connection with its buttons. It never
// fetches on its own except when VS Code asks for an expanded container's children; refresh
// comes from model changes. Every node names its engine, so commands act on that engine.
import * as vscode from 'vscode';
import { describeEngineState, type EngineState } from '../../runtime/connection';
import { describeState, formatBytes, type ContainerView } from '../../runtime/containers';
import { childrenForDisplay, formatKb, type ProcessTreeNode } from '../../runtime/processes';
import { sourceName, type ExplorerModel } from '../../runtime/live/model';
import {
  isTaskContainer,
  SwarmNodes,
  swarmChildren,
  swarmItem,
  swarmRoots,
  type SwarmNode,
} from './swarm';
import type { EngineSet, LiveEngine } from '../../runtime/live/engines';

/** Max children rendered per process before an "N more" node. */
export const PROCESS_CHILD_CAP = 100;
/** Process trees younger than this are reused when VS Code re-asks for children. */
export const PROCESS_MAX_AGE_MS = 4000;

export interface EngineNode {
  kind: 'engine';
  /** The engine's name (docker context, "configured", "podman"). */
  engine: string;
}
export interface GroupNode {
  kind: 'group';
  engine: string;
  project: string;
}
export interface ContainerNode {
  kind: 'container';
  /** The engine the container lives on: every command on the node acts there. */
  engine: string;
  /** The container ID: commands contributed on containers (explainExit too) read this. */
  containerId: string;
}
export interface ProcessNode {
  kind: 'process';
  engine: string;
  containerId: string;
  node: ProcessTreeNode;
  numbering: 'container' | 'host';
}
export interface MoreNode {
  kind: 'more';
  engine: string;
  containerId: string;
  parentPid: number;
  hidden: number;
  hiddenZombies: number;
}
export interface InfoNode {
  kind: 'info';
  engine: string;
  /** undefined: a line about the engine itself (its connection state). */
  containerId: string | undefined;
  text: string;
  tooltip: string;
  warning: boolean;
}
export type ExplorerNode =
  EngineNode | GroupNode | ContainerNode | ProcessNode | MoreNode | InfoNode | SwarmNode;

export class ContainerTreeProvider implements vscode.TreeDataProvider<ExplorerNode> {
  private readonly changed = new vscode.EventEmitter<ExplorerNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** Canonical nodes, so a process refresh can fire just that element. */
  private readonly containerNodes = new Map<string, ContainerNode>();
  private readonly groupNodes = new Map<string, GroupNode>();
  private readonly swarmNodes = new Map<string, SwarmNodes>();
  private readonly engineNodes = new Map<string, EngineNode>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly engines: EngineSet) {
    const sub = engines.onDidChange((change) => {
      if (change.kind === 'engine' && change.change.kind === 'processes') {
        const node = this.containerNodes.get(key(change.engine, change.change.containerId));
        this.changed.fire(node);
      } else this.changed.fire(undefined);
    });
    this.disposables.push({ dispose: () => sub.dispose() }, this.changed);
  }

  /** More than one engine shown: each is a top-level node. */
  private get multi(): boolean {
    return this.engines.engines().length > 1;
  }

  private model(engine: string): ExplorerModel | undefined {
    return this.engines.get(engine)?.model;
  }

  containerNode(engine: string, id: string): ContainerNode {
    let node = this.containerNodes.get(key(engine, id));
    if (!node) {
      node = { kind: 'container', engine, containerId: id };
      this.containerNodes.set(key(engine, id), node);
    }
    return node;
  }

  private groupNode(engine: string, project: string): GroupNode {
    let node = this.groupNodes.get(key(engine, project));
    if (!node) {
      node = { kind: 'group', engine, project };
      this.groupNodes.set(key(engine, project), node);
    }
    return node;
  }

  engineNode(engine: string): EngineNode {
    let node = this.engineNodes.get(engine);
    if (!node) {
      node = { kind: 'engine', engine };
      this.engineNodes.set(engine, node);
    }
    return node;
  }

  getParent(element: ExplorerNode): ExplorerNode | undefined {
    const top = this.multi ? this.engineNode(element.engine) : undefined;
    if (element.kind === 'container') {
      const p = this.model(element.engine)?.container(element.containerId)?.composeProject;
      return p ? this.groupNode(element.engine, p) : top;
    }
    if (element.kind === 'group') return top;
    return undefined;
  }

  async getChildren(element?: ExplorerNode): Promise<ExplorerNode[]> {
    if (!element) {
      const live = this.engines.engines();
      if (live.length > 1) return live.map((l) => this.engineNode(l.engine.name));
      return live[0] ? this.engineChildren(live[0], false) : [];
    }
    switch (element.kind) {
      case 'engine': {
        const live = this.engines.get(element.engine);
        return live ? this.engineChildren(live, true) : [];
      }
      case 'group':
        return (
          this.model(element.engine)
            ?.groups()
            .find((g) => g.project === element.project)
            ?.containers.map((c) => this.containerNode(element.engine, c.id)) ?? []
        );
      case 'container':
        return this.processChildren(element.engine, element.containerId);
      case 'swarm':
      case 'stack':
      case 'service':
      case 'task': {
        const model = this.model(element.engine);
        if (!model) return [];
        return swarmChildren(model, this.swarmNodesOf(element.engine), element, (id) =>
          this.containerNode(element.engine, id),
        ) as ExplorerNode[];
      }
      case 'process': {
        const { shown, hidden, hiddenZombies } = childrenForDisplay(
          element.node,
          PROCESS_CHILD_CAP,
        );
        const out: ExplorerNode[] = shown.map((node) => ({
          kind: 'process',
          engine: element.engine,
          containerId: element.containerId,
          node,
          numbering: element.numbering,
        }));
        if (hidden > 0)
          out.push({
            kind: 'more',
            engine: element.engine,
            containerId: element.containerId,
            parentPid: element.node.row.pid,
            hidden,
            hiddenZombies,
          });
        return out;
      }
      default:
        return [];
    }
  }

  /**
   * An engine's compose groups and loose containers. Under an engine node a failed
   * connection is a line saying so (the welcome content speaks only for a lone engine).
   */
  private engineChildren(live: LiveEngine, underNode: boolean): ExplorerNode[] {
    const model = live.model;
    const engine = live.engine.name;
    const state = model.state;
    if (state?.kind !== 'connected') {
      if (!underNode) return [];
      return [
        {
          kind: 'info',
          engine,
          containerId: undefined,
          text: state ? state.message : 'Connecting…',
          tooltip: state
            ? `${state.message} ${state.remedy}`
            : `Connecting to ${live.engine.endpoint.label}`,
          warning: state !== undefined,
        },
      ];
    }
    if (!model.isLoaded) return [];
    const present = new Set(model.containers().map((c) => key(engine, c.id)));
    for (const k of [...this.containerNodes.keys()])
      if (k.startsWith(`${engine}\0`) && !present.has(k)) this.containerNodes.delete(k);
    const out: ExplorerNode[] = [...swarmRoots(model, this.swarmNodesOf(engine))];
    for (const g of model.groups()) {
      if (g.project !== undefined) out.push(this.groupNode(engine, g.project));
      else
        out.push(
          ...g.containers
            // A task's container is shown under its task in the Swarm section.
            .filter((c) => !isTaskContainer(model, c.labels))
            .map((c) => this.containerNode(engine, c.id)),
        );
    }
    return out;
  }

  private swarmNodesOf(engine: string): SwarmNodes {
    let nodes = this.swarmNodes.get(engine);
    if (!nodes) this.swarmNodes.set(engine, (nodes = new SwarmNodes(engine)));
    return nodes;
  }

  private async processChildren(engine: string, id: string): Promise<ExplorerNode[]> {
    const model = this.model(engine);
    const v = model?.container(id);
    if (!model || !v?.running) return [];
    const cached = await model.loadProcesses(id, PROCESS_MAX_AGE_MS);
    if (!cached) return [];
    if (!cached.result.ok) {
      return [
        {
          kind: 'info',
          engine,
          containerId: id,
          text: cached.result.error.message,
          tooltip: cached.result.error.message,
          warning: true,
        },
      ];
    }
    const s = cached.result.snapshot;
    const numbering = s.pidNumbering;
    const out: ExplorerNode[] = [];
    if (s.zombies.unattributed > 0) {
      out.push({
        kind: 'info',
        engine,
        containerId: id,
        text: `${s.zombies.unattributed} zombie${s.zombies.unattributed === 1 ? '' : 's'} not listed`,
        tooltip: `${s.sourceDetail}. Orphans are re-parented to PID 1, so it is the likely parent. Allow containerDoctor.processes.allowExec to list them.`,
        warning: true,
      });
    }
    const roots = { children: cached.roots };
    const { shown, hidden, hiddenZombies } = childrenForDisplay(roots, PROCESS_CHILD_CAP);
    out.push(
      ...shown.map((node): ExplorerNode => ({
        kind: 'process',
        engine,
        containerId: id,
        node,
        numbering,
      })),
    );
    if (hidden > 0)
      out.push({ kind: 'more', engine, containerId: id, parentPid: 0, hidden, hiddenZombies });
    return out;
  }

  getTreeItem(element: ExplorerNode): vscode.TreeItem {
    switch (element.kind) {
      case 'engine':
        return this.engineItem(element);
      case 'group':
        return this.groupItem(element);
      case 'container':
        return this.containerItem(element.engine, element.containerId);
      case 'swarm':
      case 'stack':
      case 'service':
      case 'task': {
        const model = this.model(element.engine);
        return model ? swarmItem(model, element) : new vscode.TreeItem('');
      }
      case 'process':
        return this.processItem(element);
      case 'more': {
        const item = new vscode.TreeItem(
          `… ${element.hidden} more${element.hiddenZombies ? ` (${element.hiddenZombies} zombies)` : ''}`,
        );
        item.id = `${element.engine}/${element.containerId}/${element.parentPid}/more`;
        item.tooltip = `Only the first ${PROCESS_CHILD_CAP} children are shown, live ones first; use "container-doctor ps" for the full list.`;
        return item;
      }
      case 'info': {
        const item = new vscode.TreeItem(element.text);
        item.id = `${element.engine}/${element.containerId ?? 'engine'}/info`;
        item.tooltip = element.tooltip;
        item.iconPath = new vscode.ThemeIcon(element.warning ? 'warning' : 'info');
        return item;
      }
    }
  }

  private engineItem(node: EngineNode): vscode.TreeItem {
    const live = this.engines.get(node.engine);
    const item = new vscode.TreeItem(node.engine, vscode.TreeItemCollapsibleState.Expanded);
    item.id = `engine/${node.engine}`;
    if (!live) return item;
    const state = live.model.state;
    const where = live.engine.endpoint.label;
    item.description = engineDescription(state, live);
    const tip = new vscode.MarkdownString(undefined, true);
    tip.appendMarkdown(
      `**${escapeMd(node.engine)}**${live.engine.current ? ' (current)' : ''}\n\n`,
    );
    tip.appendMarkdown(`${escapeMd(where)}\n\n`);
    tip.appendMarkdown(
      escapeMd(state ? describeEngineState(state) : 'Connecting…') +
        (state && state.kind !== 'connected'
          ? '\n\nThis engine reconnects on its own; the others are not affected.'
          : ''),
    );
    item.tooltip = tip;
    item.contextValue = `engine-${state?.kind ?? 'connecting'}`;
    item.iconPath =
      state === undefined
        ? new vscode.ThemeIcon('loading~spin')
        : state.kind === 'connected'
          ? new vscode.ThemeIcon('server')
          : new vscode.ThemeIcon('debug-disconnect', new vscode.ThemeColor('list.errorForeground'));
    return item;
  }

  private groupItem(g: GroupNode): vscode.TreeItem {
    const members =
      this.model(g.engine)
        ?.groups()
        .find((x) => x.project === g.project)?.containers ?? [];
    const running = members.filter((c) => c.running).length;
    const item = new vscode.TreeItem(g.project, vscode.TreeItemCollapsibleState.Expanded);
    item.id = `${g.engine}/group/${g.project}`;
    item.description = `compose · ${running}/${members.length} running`;
    item.tooltip = `Compose project "${g.project}" (label com.docker.compose.project)`;
    item.iconPath = new vscode.ThemeIcon('layers');
    item.contextValue = 'composeProject';
    return item;
  }

  private containerItem(engine: string, id: string): vscode.TreeItem {
    const model = this.model(engine);
    const v = model?.container(id);
    if (!model || !v) return new vscode.TreeItem('(removed)');
    const badges = model.badges(id);
    const item = new vscode.TreeItem(
      v.name,
      v.running ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    item.id = `${engine}/c/${id}`;
    const state = describeState(v, Date.now());
    // State and badges first: a narrow sidebar cuts the end, and the image is in the tooltip.
    item.description = [state, ...badges.map((b) => b.label), v.image].join(' · ');
    item.contextValue = `container-${v.running ? 'running' : v.status}`;
    const severe = badges.some((b) => b.kind === 'zombies' || b.kind === 'oom');
    item.iconPath = new vscode.ThemeIcon(
      v.running ? (severe ? 'warning' : 'vm-running') : v.exitCode === 0 ? 'vm-outline' : 'error',
      severe || (!v.running && v.exitCode !== 0)
        ? new vscode.ThemeColor(severe ? 'list.warningForeground' : 'list.errorForeground')
        : undefined,
    );
    item.tooltip = containerTooltip(v, model);
    return item;
  }

  private processItem(p: ProcessNode): vscode.TreeItem {
    const r = p.node.row;
    const item = new vscode.TreeItem(
      `${r.pid}  ${r.command}`,
      p.node.children.length > 0
        ? vscode.TreeItemCollapsibleState.Expanded
        : vscode.TreeItemCollapsibleState.None,
    );
    item.id = `${p.engine}/${p.containerId}/${r.pid}`;
    const parts = [r.state === 'Z' ? 'zombie' : stateName(r.state)];
    if (r.threads > 1) parts.push(`${r.threads} threads`);
    if (r.rssKb !== undefined && r.state !== 'Z') parts.push(formatKb(r.rssKb));
    if (p.node.unreapedChildren > 0) parts.push(`${p.node.unreapedChildren} unreaped children`);
    item.description = parts.join(' · ');
    item.iconPath =
      r.state === 'Z'
        ? new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('list.warningForeground'))
        : p.node.unreapedChildren > 0
          ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
          : new vscode.ThemeIcon('symbol-event');
    const cached = this.model(p.engine)?.cachedProcesses(p.containerId);
    const source = cached?.result.ok ? cached.result.snapshot.sourceDetail : '';
    const tip = new vscode.MarkdownString(undefined, true);
    tip.appendMarkdown(
      `**PID ${r.pid}**${r.hostPid && r.hostPid !== r.pid ? ` (host PID ${r.hostPid})` : ''} · state ${r.state} (${stateName(r.state)})\n\n`,
    );
    tip.appendCodeblock(r.command, 'text');
    if (r.state === 'Z')
      tip.appendMarkdown(
        `\n\nA zombie: it exited, and its parent (PID ${r.ppid}) has not called wait() for it. It holds a PID until reaped.\n\n`,
      );
    if (p.node.unreapedChildren > 0)
      tip.appendMarkdown(
        `\n\n**${p.node.unreapedChildren} unreaped children**: this process leaves its exited children as zombies.\n\n`,
      );
    tip.appendMarkdown(
      `\n\n_Source: ${escapeMd(source)}${p.numbering === 'host' ? ' (PIDs are host PIDs)' : ''}_`,
    );
    item.tooltip = tip;
    item.contextValue = r.state === 'Z' ? 'process-zombie' : 'process';
    return item;
  }

  /** Re-render everything from the model (no fetch unless VS Code asks for stale children). */
  refreshAll(): void {
    this.changed.fire(undefined);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

function key(engine: string, id: string): string {
  return `${engine}\0${id}`;
}

/** What the engine node says beside its name: what it is and how many run, or why not. */
function engineDescription(state: EngineState | undefined, live: LiveEngine): string {
  const current = live.engine.current ? ' · current' : '';
  if (state === undefined) return `connecting…${current}`;
  if (state.kind !== 'connected') return `${state.kind.replace(/-/g, ' ')}${current}`;
  const containers = live.model.containers();
  const running = containers.filter((c) => c.running).length;
  const product = state.version.product === 'podman' ? 'Podman' : 'Docker';
  return `${product} ${state.version.engineVersion} · ${running}/${containers.length} running${current}`;
}

function stateName(s: string): string {
  return (
    {
      R: 'running',
      S: 'sleeping',
      D: 'uninterruptible',
      Z: 'zombie',
      T: 'stopped',
      t: 'traced',
      I: 'idle',
      X: 'dead',
    }[s] ?? s
  );
}

function escapeMd(text: string): string {
  return text.replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`);
}

export function containerTooltip(v: ContainerView, model: ExplorerModel): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${escapeMd(v.name)}** · ${escapeMd(describeState(v, Date.now()))}\n\n`);
  md.appendMarkdown(`Image \`${v.image}\` · ID \`${v.id.slice(0, 12)}\``);
  if (v.composeProject)
    md.appendMarkdown(
      ` · compose ${escapeMd(v.composeProject)}/${escapeMd(v.composeService ?? '?')}`,
    );
  md.appendMarkdown(
    `\n\nMemory limit: ${v.memoryBytes ? formatBytes(v.memoryBytes) : 'none'}${v.memorySwapBytes === -1 ? ' (swap unlimited)' : v.memorySwapBytes > v.memoryBytes ? ` (+${formatBytes(v.memorySwapBytes - v.memoryBytes)} swap)` : ''} · restarts: ${v.restartCount}${v.init ? ' · --init' : ''}\n\n`,
  );
  const pid1 = model.pid1(v.id);
  if (pid1)
    md.appendMarkdown(
      `PID 1: \`${pid1.argv.join(' ').slice(0, 200)}\` — SIGTERM: ${pid1.handlesSigterm}, reaps orphans: ${pid1.reaps} _(from ${pid1.basis === 'host-proc' ? "the host's /proc" : pid1.basis === 'dockerfile' ? "the image's Dockerfile in this workspace" : 'the container config'})_\n\n`,
    );
  const badges = model.badges(v.id);
  for (const b of badges) md.appendMarkdown(`- **${escapeMd(b.label)}**: ${escapeMd(b.tooltip)}\n`);
  const z = model.zombieInfo(v.id);
  if (z && z.count === 0) md.appendMarkdown(`\nNo zombies (source: ${escapeMd(z.source)}).\n`);
  if (!z && v.running)
    md.appendMarkdown(
      `\nZombies: ${model.local ? 'not measured yet' : 'expand to read the process tree (Engine API top + pids_stats)'}.\n`,
    );
  return md;
}

export { sourceName };
