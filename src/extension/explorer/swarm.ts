// The explorer's Swarm section: on a swarm manager, its stacks (grouped like compose
// projects), services, their tasks (state and node) and, when the task's container is on
// this engine, the container itself. "Explain Exit" on a service or a task explains the
// service's latest dead task (or that task) with the container causes plus the swarm's own.
import * as vscode from 'vscode';
import type { ExplorerModel } from '../../runtime/live/model';
import { TASK_ID_LABEL, type SwarmService, type SwarmTask } from '../../runtime/swarm';

/** Every swarm node names its engine (the explorer shows several). */
export interface SwarmSectionNode {
  kind: 'swarm';
  engine: string;
}
export interface StackNode {
  kind: 'stack';
  engine: string;
  stack: string;
}
export interface ServiceNode {
  kind: 'service';
  engine: string;
  serviceId: string;
}
export interface TaskNode {
  kind: 'task';
  engine: string;
  serviceId: string;
  taskId: string;
}
export type SwarmNode = SwarmSectionNode | StackNode | ServiceNode | TaskNode;

export const EXPLAIN_SWARM_COMMAND = 'containerDoctor.explorer.explainSwarm';

/** A service or task node (or the same shape from a test): what Explain Exit explains. */
export function swarmTargetOf(
  arg: unknown,
): { serviceId: string; taskId?: string; label: string } | undefined {
  if (!arg || typeof arg !== 'object') return undefined;
  const a = arg as { kind?: unknown; serviceId?: unknown; taskId?: unknown };
  if (typeof a.serviceId !== 'string') return undefined;
  if (a.kind === 'task' && typeof a.taskId === 'string')
    return { serviceId: a.serviceId, taskId: a.taskId, label: `task ${a.taskId.slice(0, 12)}` };
  if (a.kind === 'service')
    return { serviceId: a.serviceId, label: `service ${a.serviceId.slice(0, 12)}` };
  return undefined;
}

/** The container is a swarm task's that the Swarm section shows under its task. */
export function isTaskContainer(model: ExplorerModel, labels: Record<string, string>): boolean {
  return model.swarm.isManager && labels[TASK_ID_LABEL] !== undefined;
}

/** Canonical nodes, so VS Code keeps expansion state across refreshes. */
export class SwarmNodes {
  readonly section: SwarmSectionNode;
  constructor(readonly engine: string) {
    this.section = { kind: 'swarm', engine };
  }
  private readonly stacks = new Map<string, StackNode>();
  private readonly services = new Map<string, ServiceNode>();
  private readonly tasks = new Map<string, TaskNode>();

  stack(stack: string): StackNode {
    let n = this.stacks.get(stack);
    if (!n) this.stacks.set(stack, (n = { kind: 'stack', engine: this.engine, stack }));
    return n;
  }

  service(serviceId: string): ServiceNode {
    let n = this.services.get(serviceId);
    if (!n) this.services.set(serviceId, (n = { kind: 'service', engine: this.engine, serviceId }));
    return n;
  }

  task(serviceId: string, taskId: string): TaskNode {
    let n = this.tasks.get(taskId);
    if (!n) this.tasks.set(taskId, (n = { kind: 'task', engine: this.engine, serviceId, taskId }));
    return n;
  }
}

/** The section, when the engine manages a swarm: first at the root. */
export function swarmRoots(model: ExplorerModel, nodes: SwarmNodes): SwarmSectionNode[] {
  return model.swarm.isManager ? [nodes.section] : [];
}

/** Children of a swarm node; a task's child is its container when this engine has it. */
export function swarmChildren(
  model: ExplorerModel,
  nodes: SwarmNodes,
  node: SwarmNode,
  containerNode: (id: string) => unknown,
): unknown[] {
  const swarm = model.swarm;
  switch (node.kind) {
    case 'swarm': {
      const out: unknown[] = [];
      for (const g of swarm.stacks())
        if (g.stack !== undefined) out.push(nodes.stack(g.stack));
        else out.push(...g.services.map((s) => nodes.service(s.id)));
      return out;
    }
    case 'stack':
      return (
        swarm
          .stacks()
          .find((g) => g.stack === node.stack)
          ?.services.map((s) => nodes.service(s.id)) ?? []
      );
    case 'service':
      return swarm.tasks(node.serviceId).map((t) => nodes.task(node.serviceId, t.id));
    case 'task': {
      const t = swarm.task(node.taskId);
      return t?.containerId && model.container(t.containerId) ? [containerNode(t.containerId)] : [];
    }
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** A task that ended badly, or cannot start: shown in the error colour. */
function taskFailed(t: SwarmTask): boolean {
  return (
    ['failed', 'rejected', 'orphaned'].includes(t.state) ||
    (t.state === 'pending' && /no suitable node/i.test(t.message + t.error))
  );
}

function serviceHealthy(model: ExplorerModel, s: SwarmService): boolean {
  const { running, desired } = model.swarm.replicas(s);
  return running >= desired && !['paused', 'rollback_paused'].includes(s.update?.state ?? '');
}

export function swarmItem(model: ExplorerModel, node: SwarmNode): vscode.TreeItem {
  const swarm = model.swarm;
  switch (node.kind) {
    case 'swarm': {
      const item = new vscode.TreeItem('Swarm', vscode.TreeItemCollapsibleState.Expanded);
      item.id = `${node.engine}/swarm`;
      const services = swarm.services();
      const stacks = swarm.stacks().filter((g) => g.stack !== undefined).length;
      item.description = swarm.listingError
        ? `cannot list services: ${swarm.listingError}`
        : `manager · ${plural(stacks, 'stack')} · ${plural(services.length, 'service')}`;
      item.tooltip =
        'This engine is a swarm manager: its services, grouped into stacks by the label com.docker.stack.namespace, with their tasks.';
      item.iconPath = new vscode.ThemeIcon('server-environment');
      item.contextValue = 'swarm';
      return item;
    }
    case 'stack': {
      const members = swarm.stacks().find((g) => g.stack === node.stack)?.services ?? [];
      const item = new vscode.TreeItem(node.stack, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `${node.engine}/swarm/stack/${node.stack}`;
      const healthy = members.filter((s) => serviceHealthy(model, s)).length;
      item.description = `stack · ${healthy}/${plural(members.length, 'service')} healthy`;
      item.tooltip = `Stack "${node.stack}" (label com.docker.stack.namespace)`;
      item.iconPath = new vscode.ThemeIcon('layers');
      item.contextValue = 'swarmStack';
      return item;
    }
    case 'service': {
      const s = swarm.service(node.serviceId);
      if (!s) return new vscode.TreeItem('(removed)');
      const { running, desired } = swarm.replicas(s);
      const item = new vscode.TreeItem(s.name, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `${node.engine}/swarm/service/${s.id}`;
      const update = s.update && s.update.state !== 'completed' ? [`update ${s.update.state}`] : [];
      item.description = [`${running}/${desired} running`, ...update, s.image].join(' · ');
      const healthy = serviceHealthy(model, s);
      item.iconPath = new vscode.ThemeIcon(
        healthy ? 'symbol-class' : 'error',
        healthy ? undefined : new vscode.ThemeColor('list.errorForeground'),
      );
      const md = new vscode.MarkdownString(undefined, true);
      md.appendMarkdown(`**${escapeMd(s.name)}** · ${s.mode} · ID \`${s.id.slice(0, 12)}\`\n\n`);
      md.appendMarkdown(`Image \`${s.image}\` · ${running}/${desired} running\n\n`);
      md.appendMarkdown(
        `Restart: condition ${s.restartPolicy.condition}, max attempts ${s.restartPolicy.maxAttempts || 'unlimited'}\n\n`,
      );
      if (s.update)
        md.appendMarkdown(`Update: ${s.update.state} — ${escapeMd(s.update.message)}\n\n`);
      item.tooltip = md;
      item.contextValue = `swarmService${healthy ? '' : '-failing'}`;
      return item;
    }
    case 'task': {
      const t = swarm.task(node.taskId);
      if (!t) return new vscode.TreeItem('(gone)');
      const hasContainer = !!t.containerId && !!model.container(t.containerId);
      const item = new vscode.TreeItem(
        `${t.name} ${t.id.slice(0, 12)}`,
        hasContainer
          ? vscode.TreeItemCollapsibleState.Collapsed
          : vscode.TreeItemCollapsibleState.None,
      );
      item.id = `${node.engine}/swarm/task/${t.id}`;
      const host = swarm.nodeName(t.nodeId);
      item.description = [
        t.state === t.desiredState ? t.state : `${t.state} (desired ${t.desiredState})`,
        ...(t.error ? [t.error] : []),
        ...(host ? [`node ${host}`] : []),
      ].join(' · ');
      const failed = taskFailed(t);
      item.iconPath = new vscode.ThemeIcon(
        t.state === 'running' ? 'vm-running' : failed ? 'error' : 'vm-outline',
        failed ? new vscode.ThemeColor('list.errorForeground') : undefined,
      );
      const md = new vscode.MarkdownString(undefined, true);
      md.appendMarkdown(`**Task ${escapeMd(t.name)}** · ID \`${t.id.slice(0, 12)}\`\n\n`);
      md.appendMarkdown(
        `State ${t.state}, desired ${t.desiredState}${t.exitCode !== undefined ? `, exit code ${t.exitCode}` : ''}\n\n`,
      );
      if (t.message || t.error) md.appendMarkdown(`${escapeMd(t.error || t.message)}\n\n`);
      md.appendMarkdown(
        t.containerId
          ? `Container \`${t.containerId.slice(0, 12)}\`${hasContainer ? '' : ' (not on this engine, or removed)'}`
          : 'No container (never started)',
      );
      item.tooltip = md;
      item.contextValue = `swarmTask-${t.state}`;
      return item;
    }
  }
}

function escapeMd(text: string): string {
  return text.replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`);
}

/** "Explain Exit" on a service or a task: the diagnoses' Explain command with the node. */
export function registerSwarmCommands(): vscode.Disposable {
  return vscode.commands.registerCommand(EXPLAIN_SWARM_COMMAND, (node: unknown) =>
    vscode.commands.executeCommand('containerDoctor.explainExit', node),
  );
}
