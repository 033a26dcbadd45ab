// A connection to a Kubernetes API server from a kubeconfig: the current context or one the
// user picks, with the kubeconfig's own auth (client certificates, token files, exec plugins,
// OIDC) applied by @kubernetes/client-node's KubeConfig. Errors are values.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join } from 'node:path';
import type { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { parse as parseYaml } from '../../shared/yaml';
import { loadKubernetesClient } from './load-client';

export interface KubernetesSession {
  kubeConfig: KubeConfig;
  core: CoreV1Api;
  /** The context in use, its cluster's server URL and its default namespace. */
  context: string;
  server: string;
  namespace: string;
}

export type SessionResult =
  | { kind: 'ok'; session: KubernetesSession }
  | { kind: 'no-config'; message: string }
  | { kind: 'invalid'; message: string };

export interface SessionOptions {
  /** A kubeconfig file; default: $KUBECONFIG, then ~/.kube/config (KubeConfig.loadFromDefault). */
  kubeconfig?: string;
  /** A context of the kubeconfig; default: its current-context. */
  context?: string;
}

export async function openKubernetes(options: SessionOptions = {}): Promise<SessionResult> {
  const k8s = await loadKubernetesClient();
  const kc = new k8s.KubeConfig();
  try {
    if (options.kubeconfig) kc.loadFromFile(options.kubeconfig);
    // loadFromDefault falls back to in-cluster config, then to localhost:8080: only a real
    // kubeconfig (or a service account) counts here.
    else kc.loadFromDefault();
  } catch (err) {
    return {
      kind: 'invalid',
      message: `cannot read the kubeconfig${options.kubeconfig ? ` ${options.kubeconfig}` : ''}: ${(err as Error).message}`,
    };
  }
  if (options.context) {
    if (!kc.getContextObject(options.context))
      return {
        kind: 'invalid',
        message: `the kubeconfig has no context '${options.context}' (it has ${
          kc
            .getContexts()
            .map((c) => c.name)
            .join(', ') || 'none'
        })`,
      };
    kc.setCurrentContext(options.context);
  }
  applyTokenFiles(kc, options.kubeconfig);
  const contextName = kc.getCurrentContext();
  const cluster = kc.getCurrentCluster();
  if (
    !contextName ||
    !cluster ||
    (!options.kubeconfig && cluster.server === 'http://localhost:8080')
  )
    return {
      kind: 'no-config',
      message:
        'no kubeconfig with a current context: set KUBECONFIG, create ~/.kube/config, or give --kubeconfig FILE',
    };
  return {
    kind: 'ok',
    session: {
      kubeConfig: kc,
      core: kc.makeApiClient(k8s.CoreV1Api),
      context: contextName,
      server: cluster.server,
      namespace: kc.getContextObject(contextName)?.namespace ?? 'default',
    },
  };
}

/** The contexts of a kubeconfig, for a picker (empty when it cannot be read). */
export async function kubeContexts(
  kubeconfig?: string,
): Promise<{ name: string; current: boolean }[]> {
  const k8s = await loadKubernetesClient();
  const kc = new k8s.KubeConfig();
  try {
    if (kubeconfig) kc.loadFromFile(kubeconfig);
    else kc.loadFromDefault();
  } catch {
    return [];
  }
  const current = kc.getCurrentContext();
  return kc.getContexts().map((c) => ({ name: c.name, current: c.name === current }));
}

/** An API failure as one sentence: the status and the server's Status message when it sent one. */
export function apiErrorMessage(err: unknown): { status?: number; message: string } {
  const e = err as { code?: unknown; body?: unknown; message?: unknown };
  if (typeof e.code === 'number') {
    let detail = '';
    try {
      const body = typeof e.body === 'string' ? (JSON.parse(e.body) as unknown) : e.body;
      const m = (body as { message?: unknown } | undefined)?.message;
      if (typeof m === 'string') detail = `(${m})`;
    } catch {
      if (typeof e.body === 'string') detail = e.body.slice(0, 200);
    }
    // The client drops a 401's body: say what a 401 means instead.
    if (e.code === 401 && !detail)
      detail =
        "Unauthorized: the kubeconfig's credentials (token, token file, exec plugin, client certificate) were refused";
    return {
      status: e.code,
      message: `the API server answered ${e.code}${detail ? ` ${detail}` : ''}`,
    };
  }
  return { message: `cannot reach the API server: ${String(e.message ?? err)}` };
}

/** The kubeconfig files KubeConfig.loadFromDefault reads: $KUBECONFIG's list, else ~/.kube/config. */
function kubeconfigPaths(file: string | undefined): string[] {
  if (file) return [file];
  const env = process.env.KUBECONFIG;
  return env ? env.split(delimiter).filter(Boolean) : [join(homedir(), '.kube', 'config')];
}

/**
 * kubectl's kubeconfig names a token file `tokenFile` (client-go's AuthInfo); the client reads
 * only `token` and `token-file`. A user with `tokenFile` gets the file's token, read now (a
 * projected token is rotated on disk: each session reads it afresh). A relative path is
 * relative to its kubeconfig, as client-go resolves it.
 */
function applyTokenFiles(kc: KubeConfig, file: string | undefined): void {
  for (const path of kubeconfigPaths(file)) {
    let raw: unknown;
    try {
      raw = parseYaml(readFileSync(path, 'utf8'));
    } catch {
      continue;
    }
    const users = (raw as { users?: unknown } | null)?.users;
    for (const entry of Array.isArray(users) ? users : []) {
      const e = entry as { name?: unknown; user?: { tokenFile?: unknown } };
      const tokenFile = e.user?.tokenFile;
      if (typeof e.name !== 'string' || typeof tokenFile !== 'string') continue;
      const user = kc.getUser(e.name);
      if (!user || user.token || user.exec || user.authProvider) continue;
      try {
        const token = readFileSync(
          isAbsolute(tokenFile) ? tokenFile : join(dirname(path), tokenFile),
          'utf8',
        ).trim();
        Object.assign(user, { token });
      } catch {
        // An unreadable token file: the server's 401 says it, with the server's words.
      }
    }
  }
}
