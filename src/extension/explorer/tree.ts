// TreeDataProvider over ExplorerModel: compose groups, containers with badges,
// and (expanded) process trees. It never fetches on its own except when VS Code
// asks for an expanded container's children; refresh comes from model changes.
import * as vscode from 'vscode';
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

/** Max children rendered per process before an "N more" node. */
export const PROCESS_CHILD_CAP = 100;
/** Process trees younger than this are reused when VS Code re-asks for children. */
export const PROCESS_MAX_AGE_MS = 4000;

export interface GroupNode {
  kind: 'group';
  project: string;
}
export interface ContainerNode {
  kind: 'container';
  /** The container ID: commands contributed on containers (explainExit too) read this. */
  containerId: string;
}
export interface ProcessNode {
  kind: 'process';
  containerId: string;
  node: ProcessTreeNode;
  numbering: 'container' | 'host';
}
export interface MoreNode {
  kind: 'more';
  containerId: string;
  parentPid: number;
  hidden: number;
  hiddenZombies: number;
}
export interface InfoNode {
  kind: 'info';
  containerId: string;
  text: string;
  tooltip: string;
  warning: boolean;
}
export type ExplorerNode =
  GroupNode | ContainerNode | ProcessNode | MoreNode | InfoNode | SwarmNode;

export class ContainerTreeProvider implements vscode.TreeDataProvider<ExplorerNode> {
  private readonly changed = new vscode.EventEmitter<ExplorerNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** Canonical container nodes, so a process refresh can fire just that element. */
  private readonly containerNodes = new Map<string, ContainerNode>();
  private readonly groupNodes = new Map<string, GroupNode>();
  private readonly swarmNodes = new SwarmNodes();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly model: ExplorerModel) {
    const sub = model.onDidChange((change) => {
      if (change.kind === 'processes') {
        const node = this.containerNodes.get(change.containerId);
        this.changed.fire(node);
      } else this.changed.fire(undefined);
    });
    this.disposables.push({ dispose: () => sub.dispose() }, this.changed);
  }

  containerNode(id: string): ContainerNode {
    let node = this.containerNodes.get(id);
    if (!node) {
      node = { kind: 'container', containerId: id };
      this.containerNodes.set(id, node);
    }
    return node;
  }

  private groupNode(project: string): GroupNode {
    let node = this.groupNodes.get(project);
    if (!node) {
      node = { kind: 'group', project };
      this.groupNodes.set(project, node);
    }
    return node;
  }

  getParent(element: ExplorerNode): ExplorerNode | undefined {
    if (element.kind === 'container') {
      const p = this.model.container(element.containerId)?.composeProject;
      return p ? this.groupNode(p) : undefined;
    }
    return undefined;
  }

  async getChildren(element?: ExplorerNode): Promise<ExplorerNode[]> {
    if (!element) {
      if (this.model.state?.kind !== 'connected' || !this.model.isLoaded) return [];
      const live = new Set(this.model.containers().map((c) => c.id));
      for (const id of [...this.containerNodes.keys()])
        if (!live.has(id)) this.containerNodes.delete(id);
      const out: ExplorerNode[] = [...swarmRoots(this.model, this.swarmNodes)];
      for (const g of this.model.groups()) {
        if (g.project !== undefined) out.push(this.groupNode(g.project));
        else
          out.push(
            ...g.containers
              // A task's container is shown under its task in the Swarm section.
              .filter((c) => !isTaskContainer(this.model, c.labels))
              .map((c) => this.containerNode(c.id)),
          );
      }
      return out;
    }
    switch (element.kind) {
      case 'group':
        return (
          this.model
            .groups()
            .find((g) => g.project === element.project)
            ?.containers.map((c) => this.containerNode(c.id)) ?? []
        );
      case 'container':
        return this.processChildren(element.containerId);
      case 'swarm':
      case 'stack':
      case 'service':
      case 'task':
        return swarmChildren(this.model, this.swarmNodes, element, (id) =>
          this.containerNode(id),
        ) as ExplorerNode[];
      case 'process': {
        const { shown, hidden, hiddenZombies } = childrenForDisplay(
          element.node,
          PROCESS_CHILD_CAP,
        );
        const out: ExplorerNode[] = shown.map((node) => ({
          kind: 'process',
          containerId: element.containerId,
          node,
          numbering: element.numbering,
        }));
        if (hidden > 0)
          out.push({
            kind: 'more',
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

  private async processChildren(id: string): Promise<ExplorerNode[]> {
    const v = this.model.container(id);
    if (!v?.running) return [];
    const cached = await this.model.loadProcesses(id, PROCESS_MAX_AGE_MS);
    if (!cached) return [];
    if (!cached.result.ok) {
      return [
        {
          kind: 'info',
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
        containerId: id,
        text: `${s.zombies.unattributed} zombie${s.zombies.unattributed === 1 ? '' : 's'} not listed`,
        tooltip: `${s.sourceDetail}. Orphans are re-parented to PID 1, so it is the likely parent. Allow containerDoctor.processes.allowExec to list them.`,
        warning: true,
      });
    }
    const roots = { children: cached.roots };
    const { shown, hidden, hiddenZombies } = childrenForDisplay(roots, PROCESS_CHILD_CAP);
    out.push(
      ...shown.map((node): ExplorerNode => ({ kind: 'process', containerId: id, node, numbering })),
    );
    if (hidden > 0)
      out.push({ kind: 'more', containerId: id, parentPid: 0, hidden, hiddenZombies });
    return out;
  }

  getTreeItem(element: ExplorerNode): vscode.TreeItem {
    switch (element.kind) {
      case 'group':
        return this.groupItem(element);
      case 'container':
        return this.containerItem(element.containerId);
      case 'swarm':
      case 'stack':
      case 'service':
      case 'task':
        return swarmItem(this.model, element);
      case 'process':
        return this.processItem(element);
      case 'more': {
        const item = new vscode.TreeItem(
          `… ${element.hidden} more${element.hiddenZombies ? ` (${element.hiddenZombies} zombies)` : ''}`,
        );
        item.id = `${element.containerId}/${element.parentPid}/more`;
        item.tooltip = `Only the first ${PROCESS_CHILD_CAP} children are shown, live ones first; use "container-doctor ps" for the full list.`;
        return item;
      }
      case 'info': {
        const item = new vscode.TreeItem(element.text);
        item.id = `${element.containerId}/info`;
        item.tooltip = element.tooltip;
        item.iconPath = new vscode.ThemeIcon(element.warning ? 'warning' : 'info');
        return item;
      }
    }
  }

  private groupItem(g: GroupNode): vscode.TreeItem {
    const members = this.model.groups().find((x) => x.project === g.project)?.containers ?? [];
    const running = members.filter((c) => c.running).length;
    const item = new vscode.TreeItem(g.project, vscode.TreeItemCollapsibleState.Expanded);
    item.id = `group/${g.project}`;
    item.description = `compose · ${running}/${members.length} running`;
    item.tooltip = `Compose project "${g.project}" (label com.docker.compose.project)`;
    item.iconPath = new vscode.ThemeIcon('layers');
    item.contextValue = 'composeProject';
    return item;
  }

  private containerItem(id: string): vscode.TreeItem {
    const v = this.model.container(id);
    if (!v) return new vscode.TreeItem('(removed)');
    const badges = this.model.badges(id);
    const item = new vscode.TreeItem(
      v.name,
      v.running ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    item.id = `c/${id}`;
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
    item.tooltip = containerTooltip(v, this.model);
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
    item.id = `${p.containerId}/${r.pid}`;
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
    const cached = this.model.cachedProcesses(p.containerId);
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
