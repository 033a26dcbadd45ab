// The PID 1 verdict of a pod container from the workspace Dockerfile that built its image.
// The API server does not show an image's labels, so the Dockerfile is found from the pod's
// own annotations and labels through the same matching as Docker containers
// (org.opencontainers.image.source naming a workspace folder, or compose labels copied by
// kompose); the verdict applies only when the pod runs the Dockerfile's command (no
// `command:`/`args:` override, or one that is the same argv).
import type { Pid1Judgement } from '../containers';
import {
  commandMatches,
  judgementFromVerdict,
  type DockerfileVerdictSource,
} from '../live/dockerfile-verdict';
import { workspaceDockerfiles } from '../live/workspace-dockerfile';
import type { PodContainerView, PodView } from './pods';

export async function judgePodContainerFromWorkspaceDockerfile(
  pod: PodView,
  container: PodContainerView,
  workspaceFolders: readonly string[],
  verdictOf: DockerfileVerdictSource,
): Promise<Pid1Judgement | undefined> {
  if (!workspaceFolders.length) return undefined;
  const candidate = workspaceDockerfiles(
    { ...pod.labels, ...pod.annotations },
    workspaceFolders,
  )[0];
  if (!candidate) return undefined;
  const runtime = await verdictOf(candidate);
  if (!runtime?.pid1) return undefined;
  const override = [...(container.command ?? []), ...(container.args ?? [])];
  // `args` alone replaces CMD and keeps ENTRYPOINT: the Dockerfile's command no longer runs as judged.
  if (override.length && !commandMatches(override, runtime.pid1.argv)) return undefined;
  return judgementFromVerdict(runtime, candidate);
}
