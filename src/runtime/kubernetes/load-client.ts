// @kubernetes/client-node, loaded on first use only: it is 1.5 MB bundled (what we use) and
// takes a few hundred ms to evaluate, which a lint run or an editor without clusters must not pay.
// The bundles (scripts/bundles.mjs) replace this module with a require of
// dist/kubernetes-client.js, a bundle of its own; from source it is the package itself.
// Only these exports are in that bundle: using another one is a type error here.
export type KubernetesClient = Pick<
  typeof import('@kubernetes/client-node'),
  'KubeConfig' | 'CoreV1Api' | 'setHeaderOptions' | 'PatchStrategy'
>;

let loading: Promise<KubernetesClient> | undefined;

export function loadKubernetesClient(): Promise<KubernetesClient> {
  loading ??= import('@kubernetes/client-node');
  return loading;
}
