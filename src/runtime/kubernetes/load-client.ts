// @kubernetes/client-node, loaded on first use only: it is 3.5 MB bundled and takes about
// half a second to evaluate, which a lint run or an editor without clusters must not pay.
// The bundles (scripts/bundles.mjs) replace this module with a require of
// dist/kubernetes-client.js, a bundle of its own; from source it is the package itself.
export type KubernetesClient = typeof import('@kubernetes/client-node');

let loading: Promise<KubernetesClient> | undefined;

export function loadKubernetesClient(): Promise<KubernetesClient> {
  loading ??= import('@kubernetes/client-node');
  return loading;
}
