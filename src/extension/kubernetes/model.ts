// The pods the Kubernetes section shows: one session from the configured kubeconfig and
// context, the pods of the configured namespaces, and the PID 1 verdicts from workspace
// Dockerfiles. Reloaded on demand (the view's refresh, a settings change), never on a timer.
import * as vscode from 'vscode';
import type { Pid1Judgement } from '../../runtime/containers';
import type { DockerfileVerdictSource } from '../../runtime/live/dockerfile-verdict';
import type { KubernetesSession, PodView } from '../../runtime/kubernetes';

export interface PodsSnapshot {
  kind: 'ok' | 'no-config' | 'invalid' | 'unreachable' | 'loading';
  message?: string;
  context?: string;
  namespaces: string[];
  pods: PodView[];
  failures: { namespace: string; message: string }[];
}

export interface KubernetesSettings {
  kubeconfig(): string;
  context(): string;
  namespaces(): string[];
}

export const kubernetesSettings: KubernetesSettings = {
  kubeconfig: () =>
    vscode.workspace.getConfiguration('containerDoctor').get<string>('kubernetes.kubeconfig', ''),
  context: () =>
    vscode.workspace.getConfiguration('containerDoctor').get<string>('kubernetes.context', ''),
  namespaces: () =>
    vscode.workspace
      .getConfiguration('containerDoctor')
      .get<string[]>('kubernetes.namespaces', [])
      .filter((n) => typeof n === 'string' && n.trim()),
};

export class PodsModel {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private state: PodsSnapshot = { kind: 'loading', namespaces: [], pods: [], failures: [] };
  private sessionValue: KubernetesSession | undefined;
  private loading: Promise<void> | undefined;
  private verdicts = new Map<string, Pid1Judgement>();

  constructor(
    private readonly settings: KubernetesSettings,
    private readonly workspaceFolders: () => string[],
    private readonly verdictOf: DockerfileVerdictSource,
  ) {}

  snapshot(): PodsSnapshot {
    return this.state;
  }
  get session(): KubernetesSession | undefined {
    return this.sessionValue;
  }
  pod(namespace: string, name: string): PodView | undefined {
    return this.state.pods.find((p) => p.namespace === namespace && p.name === name);
  }
  verdict(namespace: string, pod: string, container: string): Pid1Judgement | undefined {
    return this.verdicts.get(`${namespace}/${pod}/${container}`);
  }

  /** The first read, when the view first asks. */
  ensureLoaded(): Promise<void> {
    this.loading ??= this.load();
    return this.loading;
  }

  /** Re-read: a new session (the kubeconfig may have changed, a token file been rotated). */
  refresh(): Promise<void> {
    this.loading = this.load().then(() => this.changed.fire());
    return this.loading;
  }

  /** A session for a command: the current one, or one opened now. */
  async openSession(): Promise<
    { ok: true; session: KubernetesSession } | { ok: false; message: string }
  > {
    await this.ensureLoaded();
    if (this.sessionValue) return { ok: true, session: this.sessionValue };
    return { ok: false, message: this.state.message ?? 'no Kubernetes session' };
  }

  private async load(): Promise<void> {
    const k8s = await import('../../runtime/kubernetes');
    const opened = await k8s.openKubernetes({
      kubeconfig: this.settings.kubeconfig() || undefined,
      context: this.settings.context() || undefined,
    });
    if (opened.kind !== 'ok') {
      this.sessionValue = undefined;
      this.state = {
        kind: opened.kind,
        message: opened.message,
        namespaces: [],
        pods: [],
        failures: [],
      };
      return;
    }
    const session = opened.session;
    this.sessionValue = session;
    const configured = this.settings.namespaces();
    const namespaces = configured.length ? configured : [session.namespace];
    const r = await k8s.listPods(session, namespaces);
    if (r.kind !== 'ok') {
      this.state = {
        kind: 'unreachable',
        message: r.message,
        context: session.context,
        namespaces,
        pods: [],
        failures: [],
      };
      return;
    }
    this.state = {
      kind: 'ok',
      message: `context ${session.context} (${session.server})`,
      context: session.context,
      namespaces,
      pods: r.pods,
      failures: r.failures,
    };
    const verdicts = new Map<string, Pid1Judgement>();
    const folders = this.workspaceFolders();
    if (folders.length)
      for (const pod of r.pods)
        for (const c of pod.containers) {
          const j = await k8s.judgePodContainerFromWorkspaceDockerfile(
            pod,
            c,
            folders,
            this.verdictOf,
          );
          if (j) verdicts.set(`${pod.namespace}/${pod.name}/${c.name}`, j);
        }
    this.verdicts = verdicts;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
