// PID 1 judged by the Dockerfile engine (src/analysis) when the Dockerfile that built
// a container's image is in the workspace. The runtime layer does not import analysis: the
// engine runs in the language server and its verdict comes in through a
// `DockerfileVerdictSource` (the extension asks the server), so this module stays free of
// the engine and of vscode. The verdict is used only when the container runs
// what the Dockerfile says (same argv, no --init): a `docker run IMAGE other-command`
// or a compose `command:` makes the Dockerfile irrelevant to this container.
import {
  configuredArgv,
  type ContainerView,
  type DockerfileCandidate,
  judgementOfVerdict,
  type Pid1Judgement,
} from '../containers';
import type { RuntimeVerdict } from '../../model/types';
import { workspaceDockerfiles } from './workspace-dockerfile';

export type { RuntimeVerdict };

/**
 * The engine's verdict on a workspace Dockerfile analysed in its build context (null or
 * undefined: no verdict, e.g. the language server is not running).
 */
export type DockerfileVerdictSource = (
  candidate: DockerfileCandidate,
) => Promise<RuntimeVerdict | null | undefined>;

/** The workspace Dockerfile of a container, when one is found. */
export function workspaceDockerfile(
  view: ContainerView,
  workspaceFolders: readonly string[],
): DockerfileCandidate | undefined {
  return workspaceDockerfiles(view.labels, workspaceFolders)[0];
}

export function judgementFromVerdict(
  runtime: RuntimeVerdict,
  candidate: DockerfileCandidate,
): Pid1Judgement | undefined {
  if (!runtime.pid1) return undefined;
  return judgementOfVerdict(
    runtime,
    runtime.pid1.argv,
    'dockerfile',
    `the Dockerfile engine on ${candidate.path}: ${runtime.reasons.join(' ')}`,
  );
}

/**
 * Does the container run the command whose PID 1 the engine judged? The verdict's argv
 * is the effective PID 1: the configured argv itself, its tail after an entrypoint
 * script that execs "$@", or the command a `sh -c` replaced itself with.
 */
export function commandMatches(
  configured: readonly string[],
  pid1Argv: readonly string[],
): boolean {
  if (configured.length === 0 || pid1Argv.length === 0) return false;
  const same = (a: readonly string[], b: readonly string[]): boolean =>
    a.length === b.length && a.every((x, i) => x === b[i]);
  if (same(configured, pid1Argv)) return true;
  if (configured.length > pid1Argv.length && same(configured.slice(-pid1Argv.length), pid1Argv))
    return true;
  const c = configured.indexOf('-c');
  // `sh -c 'exec node server.js'` or `sh -c 'node server.js'` that the shell replaced itself with.
  const script = c >= 0 && c === configured.length - 2 ? configured[c + 1].trim() : undefined;
  return script !== undefined && script.replace(/^exec\s+/, '') === pid1Argv.join(' ');
}

/**
 * The engine's verdict as the judgement for this container, when it applies: the container
 * runs the Dockerfile's command, without --init.
 */
export function judgementForContainer(
  view: ContainerView,
  runtime: RuntimeVerdict | null | undefined,
  candidate: DockerfileCandidate,
): Pid1Judgement | undefined {
  if (view.init || !runtime?.pid1) return undefined;
  const runs = configuredArgv({ Entrypoint: view.entrypoint, Cmd: view.cmd });
  if (!commandMatches(runs, runtime.pid1.argv)) return undefined;
  return judgementFromVerdict(runtime, candidate);
}

/** Dockerfile-engine judgement for a container, or undefined when it does not apply. */
export async function judgePid1FromWorkspaceDockerfile(
  view: ContainerView,
  workspaceFolders: readonly string[],
  verdictOf: DockerfileVerdictSource,
): Promise<Pid1Judgement | undefined> {
  if (view.init || workspaceFolders.length === 0) return undefined;
  const candidate = workspaceDockerfile(view, workspaceFolders);
  if (!candidate) return undefined;
  return judgementForContainer(view, await verdictOf(candidate), candidate);
}
