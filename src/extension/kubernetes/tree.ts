// The Kubernetes section of the Containers sidebar: pods of the chosen namespaces, each with
// its containers (state, restarts, last termination, badges, PID 1 verdict when a workspace
// Dockerfile built the image). Data comes from PodsModel (./model); nothing is fetched until
// the view is shown (the client library loads on that first read).
import * as vscode from 'vscode';
import type { PodContainerView, PodView } from '../../runtime/kubernetes';
import type { PodsModel } from './model';

export interface PodNode {
  kind: 'pod';
  namespace: string;
  pod: string;
}
export interface PodContainerNode {
  kind: 'pod-container';
  namespace: string;
  pod: string;
  container: string;
}
export interface PodInfoNode {
  kind: 'info';
  text: string;
  tooltip?: string;
  warning?: boolean;
}
export type KubernetesNode = PodNode | PodContainerNode | PodInfoNode;

/** One line for a container: state and reason, restarts, the last termination. */
export function containerDescription(c: PodContainerView): string {
  const parts = [c.stateReason ? `${c.state} (${c.stateReason})` : c.state];
  if (c.lastTermination && c.state !== 'terminated')
    parts.push(`last: ${c.lastTermination.reason} ${c.lastTermination.exitCode}`);
  else if (c.lastTermination) parts.push(`exit ${c.lastTermination.exitCode}`);
  const badges = c.badges.filter((b) => !/^exit \d+$/.test(b));
  return [...parts, ...badges].join(' · ');
}

function podDescription(p: PodView): string {
  const restarts = p.containers.reduce((n, c) => n + c.restarts, 0);
  return [
    p.deleting ? 'Terminating' : (p.reason ?? p.phase),
    restarts ? `${restarts} restarts` : '',
    p.node ? `on ${p.node}` : '',
  ]
    .filter(Boolean)
    .join(' · ');
}

export class PodTreeProvider implements vscode.TreeDataProvider<KubernetesNode> {
  private readonly changed = new vscode.EventEmitter<KubernetesNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly sub: { dispose(): void };

  constructor(private readonly model: PodsModel) {
    this.sub = model.onDidChange(() => this.changed.fire(undefined));
  }

  dispose(): void {
    this.sub.dispose();
    this.changed.dispose();
  }

  async getChildren(element?: KubernetesNode): Promise<KubernetesNode[]> {
    if (!element) {
      await this.model.ensureLoaded();
      const s = this.model.snapshot();
      const infos: KubernetesNode[] = [];
      if (s.message) infos.push({ kind: 'info', text: s.message, warning: s.kind !== 'ok' });
      for (const f of s.failures)
        infos.push({ kind: 'info', text: `${f.namespace}: ${f.message}`, warning: true });
      const pods: KubernetesNode[] = s.pods.map((p) => ({
        kind: 'pod',
        namespace: p.namespace,
        pod: p.name,
      }));
      if (s.kind === 'ok' && !s.pods.length)
        infos.push({ kind: 'info', text: `No pods in ${s.namespaces.join(', ')}` });
      return [...infos, ...pods];
    }
    if (element.kind !== 'pod') return [];
    const pod = this.model.pod(element.namespace, element.pod);
    return (pod?.containers ?? []).map((c) => ({
      kind: 'pod-container',
      namespace: element.namespace,
      pod: element.pod,
      container: c.name,
    }));
  }

  getTreeItem(element: KubernetesNode): vscode.TreeItem {
    if (element.kind === 'info') {
      const item = new vscode.TreeItem(element.text);
      item.tooltip = element.tooltip ?? element.text;
      item.iconPath = new vscode.ThemeIcon(element.warning ? 'warning' : 'info');
      item.contextValue = 'pod-info';
      return item;
    }
    const pod = this.model.pod(element.namespace, element.pod);
    if (element.kind === 'pod') {
      const item = new vscode.TreeItem(
        `${element.namespace}/${element.pod}`,
        vscode.TreeItemCollapsibleState.Expanded,
      );
      item.id = `pod:${element.namespace}/${element.pod}`;
      item.description = pod ? podDescription(pod) : '';
      item.iconPath = new vscode.ThemeIcon('symbol-namespace');
      item.contextValue = 'pod';
      return item;
    }
    const c = pod?.containers.find((x) => x.name === element.container);
    const item = new vscode.TreeItem(element.container);
    item.id = `pod:${element.namespace}/${element.pod}/${element.container}`;
    if (!c) return item;
    item.description = containerDescription(c);
    const verdict = this.model.verdict(element.namespace, element.pod, element.container);
    const tip = new vscode.MarkdownString(undefined, true);
    tip.appendMarkdown(`**${element.container}** — \`${c.image}\`\n\n`);
    tip.appendMarkdown(
      `state: ${c.state}${c.stateReason ? ` (${c.stateReason})` : ''}, restarts ${c.restarts}\n\n`,
    );
    if (c.lastTermination)
      tip.appendMarkdown(
        `last termination: ${c.lastTermination.reason}, exit ${c.lastTermination.exitCode}${c.lastTermination.finishedAt ? ` at ${c.lastTermination.finishedAt}` : ''}\n\n`,
      );
    tip.appendMarkdown(`memory limit: ${c.memoryLimit ?? 'none'}\n\n`);
    if (verdict)
      tip.appendMarkdown(
        `PID 1 \`${verdict.argv.join(' ')}\`: handles SIGTERM ${verdict.handlesSigterm}, reaps zombies ${verdict.reaps} (${verdict.reason})\n\n`,
      );
    item.tooltip = tip;
    if (verdict?.handlesSigterm === 'no')
      item.description = `${item.description} · PID 1 ignores SIGTERM`;
    const bad =
      c.badges.some((b) => /OOMKilled|crash|evicted|pull|config error/.test(b)) ||
      (c.lastTermination !== undefined && c.lastTermination.exitCode !== 0);
    item.iconPath = new vscode.ThemeIcon(
      c.state === 'running' ? 'vm-running' : 'vm-outline',
      bad ? new vscode.ThemeColor('problemsWarningIcon.foreground') : undefined,
    );
    item.contextValue = `pod-container-${c.state}`;
    return item;
  }
}
