// Which Dockerfile built a container's image, from what the container says about
// itself: compose labels (working_dir + config_files, then the service's build
// context and dockerfile), or an org.opencontainers.image.source-style label that
// names a repository a workspace folder holds. Pure apart from the injected reads.
import { isAbsolute, join, resolve } from 'node:path';
import { parse as parseYaml } from '../../shared/yaml';
import { COMPOSE_CONFIG_FILES, COMPOSE_SERVICE, COMPOSE_WORKING_DIR } from './model';

export const OCI_SOURCE_LABELS = [
  'org.opencontainers.image.source',
  'org.label-schema.vcs-url',
  'com.github.repo',
];

export interface DockerfileCandidate {
  path: string;
  /** The build context folder (what COPY paths are relative to). */
  contextDir: string;
  /** How it was found, for the message shown when opening it. */
  reason: string;
}

export interface DockerfileLookup {
  readText(path: string): string | undefined;
  exists(path: string): boolean;
  /** Workspace folders (absolute paths) to match a repository name against. */
  workspaceFolders: string[];
}

interface ComposeService {
  build?: string | { context?: string; dockerfile?: string };
}

/** Candidates, best first; each exists on disk. */
export function findDockerfileCandidates(
  labels: Record<string, string>,
  lookup: DockerfileLookup,
): DockerfileCandidate[] {
  const out: DockerfileCandidate[] = [];
  const add = (path: string, contextDir: string, reason: string): void => {
    if (lookup.exists(path) && !out.some((c) => c.path === path))
      out.push({ path, contextDir, reason });
  };
  const workingDir = labels[COMPOSE_WORKING_DIR];
  const service = labels[COMPOSE_SERVICE];
  if (workingDir && service) {
    const files = (labels[COMPOSE_CONFIG_FILES] ?? '')
      .split(',')
      .map((f) => f.trim())
      .filter(Boolean)
      .map((f) => (isAbsolute(f) ? f : join(workingDir, f)));
    for (const file of files) {
      const text = lookup.readText(file);
      if (!text) continue;
      let doc: { services?: Record<string, ComposeService> } | undefined;
      try {
        doc = parseYaml(text) as typeof doc;
      } catch {
        continue;
      }
      const build = doc?.services?.[service]?.build;
      if (build === undefined) continue;
      const context = typeof build === 'string' ? build : (build.context ?? '.');
      const dockerfile =
        typeof build === 'string' ? 'Dockerfile' : (build.dockerfile ?? 'Dockerfile');
      if (/^[a-z]+:\/\//i.test(context)) continue; // a git or http context is not on disk
      const contextDir = resolve(workingDir, context);
      add(
        resolve(contextDir, dockerfile),
        contextDir,
        `compose service "${service}" in ${file} builds from ${contextDir}`,
      );
    }
  }
  for (const key of OCI_SOURCE_LABELS) {
    const value = labels[key];
    if (!value) continue;
    const repo = value
      .replace(/\.git$/, '')
      .replace(/\/+$/, '')
      .split(/[/:]/)
      .pop();
    if (!repo) continue;
    for (const folder of lookup.workspaceFolders) {
      if (folder.replace(/\/+$/, '').split('/').pop() === repo)
        add(
          join(folder, 'Dockerfile'),
          folder,
          `label ${key}=${value} names the workspace folder ${folder}`,
        );
    }
  }
  return out;
}
