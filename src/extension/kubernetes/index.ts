// The Kubernetes section of the Containers sidebar and its commands: Explain Exit on a pod
// container (GET only: the Pod, its Events, the previous run's log), the process tree of a
// pod container through an ephemeral container (only when asked, after a modal warning: it
// changes the pod for good), and a context picker. The client library is loaded when the view
// is first shown, not at activation. Settings that choose a kubeconfig or context are
// restricted in untrusted workspaces (package.json), so a workspace cannot point the
// extension at a kubeconfig whose exec plugin would run a program of its choosing.
import * as vscode from 'vscode';
import { explanationMarkdown } from '../../runtime/explain';
import type { KubernetesSession } from '../../runtime/kubernetes';
import { renderTreeText } from '../../runtime/processes/tree';
import type { DiagnosesApi, ExplainCommandResult } from '../diagnoses';
import { workspaceFolderPaths, type ContainerDoctorContext } from '../context';
import { kubernetesSettings, PodsModel } from './model';
import { PodTreeProvider, type KubernetesNode, type PodContainerNode } from './tree';

/** The Kubernetes runtime, loaded on first use (not at activation). */
type KubernetesRuntime = typeof import('../../runtime/kubernetes');

export const KUBERNETES_VIEW_ID = 'containerDoctor.kubernetes';

/** The pod container a command is about: the tree's node, or { namespace, pod, container }. */
function containerArg(arg: unknown): PodContainerNode | undefined {
  const a = (arg && typeof arg === 'object' ? arg : {}) as Partial<PodContainerNode>;
  return typeof a.namespace === 'string' &&
    typeof a.pod === 'string' &&
    typeof a.container === 'string'
    ? { kind: 'pod-container', namespace: a.namespace, pod: a.pod, container: a.container }
    : undefined;
}

export function registerKubernetes(
  context: ContainerDoctorContext,
  diagnoses: DiagnosesApi,
): PodsModel {
  const model = new PodsModel(kubernetesSettings, workspaceFolderPaths, async (candidate) => {
    const answer = await context.analyze(candidate.path, { contextDir: candidate.contextDir });
    return answer.ok ? answer.analysis?.runtime : undefined;
  });
  const provider = new PodTreeProvider(model);
  const view = vscode.window.createTreeView<KubernetesNode>(KUBERNETES_VIEW_ID, {
    treeDataProvider: provider,
    showCollapseAll: true,
  });

  const pick = async (running: boolean): Promise<PodContainerNode | undefined> => {
    await model.ensureLoaded();
    const items = model.snapshot().pods.flatMap((p) =>
      p.containers
        .filter((c) => !running || c.state === 'running')
        .map((c) => ({
          label: `${p.namespace}/${p.name}`,
          description: c.name,
          detail: c.badges.join(' · '),
          node: {
            kind: 'pod-container',
            namespace: p.namespace,
            pod: p.name,
            container: c.name,
          } as PodContainerNode,
        })),
    );
    if (!items.length) {
      void vscode.window.showWarningMessage(
        `Container Doctor: ${model.snapshot().message ?? 'no pod containers in the chosen namespaces'}`,
      );
      return undefined;
    }
    return (
      await vscode.window.showQuickPick(items, {
        placeHolder: 'Pod container',
        matchOnDescription: true,
      })
    )?.node;
  };

  /**
   * Runs a call on the Kubernetes session behind a progress notification. No session, or a
   * call that fails, is shown as an error message and resolves undefined.
   */
  const inSession = async <R extends { kind: string; message?: string }>(
    title: string,
    call: (k8s: KubernetesRuntime, session: KubernetesSession) => Promise<R>,
  ): Promise<{ session: KubernetesSession; r: Extract<R, { kind: 'ok' }> } | undefined> => {
    const s = await model.openSession();
    if (!s.ok) {
      void vscode.window.showErrorMessage(`Container Doctor: ${s.message}`);
      return undefined;
    }
    const k8s = await import('../../runtime/kubernetes');
    const r = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title },
      () => call(k8s, s.session),
    );
    if (r.kind !== 'ok') {
      void vscode.window.showErrorMessage(`Container Doctor: ${r.message}`);
      return undefined;
    }
    return { session: s.session, r: r as Extract<R, { kind: 'ok' }> };
  };

  const explainPodContainer = async (arg?: unknown): Promise<ExplainCommandResult | undefined> => {
    const target = containerArg(arg) ?? (await pick(false));
    if (!target) return undefined;
    const done = await inSession(`Explaining ${target.pod}/${target.container}`, (k8s, session) =>
      k8s.explainPod(session, target),
    );
    if (!done) return undefined;
    const { session, r } = done;
    const result: ExplainCommandResult = {
      explanation: r.explanation,
      markdown: explanationMarkdown(
        r.explanation,
        `pod ${target.namespace}/${target.pod} (context ${session.context})`,
      ),
      html: '',
    };
    result.html = diagnoses.showExplanation(result, () => void explainPodContainer(target));
    return result;
  };

  const showProcesses = async (arg?: unknown): Promise<string | undefined> => {
    const target = containerArg(arg) ?? (await pick(true));
    if (!target) return undefined;
    const go = await vscode.window.showWarningMessage(
      `List the processes of ${target.pod}/${target.container}?`,
      {
        modal: true,
        detail:
          "Container Doctor adds an ephemeral container (busybox:1.36) to the pod that shares the container's process namespace, reads /proc once and exits, as `kubectl debug --target` does. An ephemeral container cannot be removed from a pod: it stays in the pod spec (exited) until the pod is deleted. Your RBAC must allow patching pods/ephemeralcontainers.",
      },
      'Add Ephemeral Container',
    );
    if (go !== 'Add Ephemeral Container') return undefined;
    const done = await inSession(
      `Reading the processes of ${target.pod}/${target.container}`,
      (k8s, session) => k8s.podProcessTree(session, target),
    );
    if (!done) return undefined;
    const { r } = done;
    const v = r.value;
    const markdown = `## Processes of ${target.namespace}/${target.pod}/${target.container}\n\nRead by the ephemeral container \`${v.debugContainer}\`.\n\n\`\`\`text\n${renderTreeText(v.tree)}\n\`\`\`\n\n${v.zombies.count ? `**${v.zombies.count} zombie(s)** unreaped.\n\n` : ''}> ${v.warning}\n`;
    const doc = await vscode.workspace.openTextDocument({
      language: 'markdown',
      content: markdown,
    });
    await vscode.window.showTextDocument(doc, { preview: false });
    void model.refresh();
    return markdown;
  };

  const pickContext = async (): Promise<string | undefined> => {
    const k8s = await import('../../runtime/kubernetes');
    const contexts = await k8s.kubeContexts(kubernetesSettings.kubeconfig() || undefined);
    if (!contexts.length) {
      void vscode.window.showWarningMessage(
        'Container Doctor: no kubeconfig contexts found (KUBECONFIG, ~/.kube/config, or containerDoctor.kubernetes.kubeconfig).',
      );
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(
      contexts.map((c) => ({
        label: c.name,
        description: c.current ? 'current-context' : undefined,
      })),
      { placeHolder: 'Kubernetes context for the Kubernetes section' },
    );
    if (!picked) return undefined;
    await vscode.workspace
      .getConfiguration('containerDoctor')
      .update('kubernetes.context', picked.label, vscode.ConfigurationTarget.Global);
    return picked.label;
  };

  context.push(
    view,
    provider,
    model,
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('containerDoctor.kubernetes')) void model.refresh();
    }),
    vscode.commands.registerCommand('containerDoctor.kubernetes.refresh', () => model.refresh()),
    vscode.commands.registerCommand('containerDoctor.kubernetes.explainExit', explainPodContainer),
    vscode.commands.registerCommand('containerDoctor.kubernetes.showProcesses', showProcesses),
    vscode.commands.registerCommand('containerDoctor.kubernetes.pickContext', pickContext),
    vscode.commands.registerCommand('containerDoctor.kubernetes.snapshot', async () => {
      await model.ensureLoaded();
      return model.snapshot();
    }),
  );
  return model;
}
