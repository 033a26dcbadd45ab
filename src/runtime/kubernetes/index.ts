// Kubernetes pods: a kubeconfig session, the pods of chosen namespaces, Explain Exit on a pod
// container, and (only when asked) a process tree through an ephemeral container.
export * from './session';
export * from './pods';
export * from './explain';
export * from './debug';
export { loadKubernetesClient } from './load-client';
export * from './verdict';
