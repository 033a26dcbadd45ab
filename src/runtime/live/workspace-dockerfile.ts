// Which workspace Dockerfile built a container: the one place that answers it, for the
// explorer's PID 1 verdict, its "Open Dockerfile" action and Explain Exit's fix links.
// Candidates come from the container's labels (compose working_dir + config files and the
// service's build, or an OCI source label naming a workspace folder); only files that exist
// inside a workspace folder count.
import { existsSync, readFileSync } from 'node:fs';
import { findDockerfileCandidates, type DockerfileCandidate } from '../containers';

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** True when `path` is a workspace folder or inside one. */
export function insideWorkspace(path: string, workspaceFolders: readonly string[]): boolean {
  return workspaceFolders.some((f) => path === f || path.startsWith(`${f.replace(/\/+$/, '')}/`));
}

/** The workspace Dockerfiles a container's labels lead to, best first (none: empty). */
export function workspaceDockerfiles(
  labels: Record<string, string>,
  workspaceFolders: readonly string[],
): DockerfileCandidate[] {
  if (workspaceFolders.length === 0) return [];
  return findDockerfileCandidates(labels, {
    readText,
    exists: (p) => existsSync(p),
    workspaceFolders: [...workspaceFolders],
  }).filter((c) => insideWorkspace(c.path, workspaceFolders));
}

/** What to tell a user when no workspace Dockerfile is found for a container. */
export const workspaceDockerfileHint =
  "Container Doctor looks at the compose labels (com.docker.compose.project.working_dir and the service's build context) and org.opencontainers.image.source.";
