// What a user picks from when a command needs a container or an image: values, listed
// through the live model's session (no dockerode in a command handler).
import type Docker from 'dockerode';
import type { ContainerView, Outcome } from '../containers';

/** Containers Explain Exit offers: every one that is not running, most recent exit first. */
export function explainCandidates(views: readonly ContainerView[]): ContainerView[] {
  return views
    .filter((v) => v.status !== 'running')
    .sort((a, b) => (b.finishedAtMs ?? 0) - (a.finishedAtMs ?? 0));
}

/** The engine's tagged images (`<none>` left out), for the graceful-stop test's picker. */
export async function listImageTags(docker: Docker): Promise<Outcome<string[]>> {
  try {
    const images = await docker.listImages();
    const tags = images.flatMap((i) => (i.RepoTags ?? []).filter((t) => t !== '<none>:<none>'));
    return { ok: true, value: [...new Set(tags)].sort() };
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
}
