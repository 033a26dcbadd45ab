// What the assistant tools are, shared by their two adapters: the MCP server
// (src/cli/mcp/tools.ts) and VS Code's Language Model Tools (src/extension/tools.ts). Their
// descriptions (what each verdict means and how sure it is), the checks of their arguments
// (errors as values, in words an assistant can act on), and explain's answer with `cause`
// first. Pure: no SDK, no vscode, no engine.
import type { CapturedInput } from '../runtime/explain/captured';
import type { Explanation } from '../runtime/explain/types';

export const assistantToolNames = [
  'lint_dockerfile',
  'explain_exit',
  'process_tree',
  'audit_host',
] as const;
export type AssistantToolName = (typeof assistantToolNames)[number];

/** VS Code's name for a tool: prefixed, as its tool names are global across extensions. */
export const vscodeToolName = (name: AssistantToolName) => `containerDoctor_${name}`;

const verdictMeaning = `\`runtime\` (null for compose files and Dockerfiles whose final stage cannot be analysed) is who PID 1 will be and what it does: \`pid1\` {program, argv}; \`viaShell\` true when a /bin/sh -c of the shell form is (or starts) PID 1; \`gracefulStop\` true when docker stop ends it within the grace period, false when it ignores SIGTERM and is SIGKILLed after the grace period (exit 137), null when the file does not decide it; \`reapsZombies\` true/false/null likewise for orphaned children; \`init\` (tini, dumb-init, docker-init...) or null; \`reasons\`, each a sentence the user can check. The verdict is deterministic (the same file gives the same answer) and comes from shell, init and runtime behaviour measured on real engines; null means unknown, never a guess.`;

export const assistantToolDescriptions: Record<AssistantToolName, string> = {
  lint_dockerfile: `Lint a Dockerfile or compose file (read-only: the file is never written). Give \`path\`, or \`text\` with \`filename\`. Returns the same keys as one file of \`container-doctor lint --format json\`. ${verdictMeaning} \`findings\`: \`rule\` (its page is docs/rules/<rule>.md), \`severity\` (error: the container cannot start or will certainly misbehave; warning: it will misbehave in the situation named; info and hint: advice), \`message\`, \`range\` (0-based line and character, as in LSP), \`fixes\`: each a title and edits {path, range, newText} to PROPOSE to the user, not applied.`,
  explain_exit: `Explain why a container exited (read-only: nothing is started, stopped or changed). Give \`container\` (read through the engine: its state, the daemon's events, the last log lines, the daemon's start time and, on a local engine, the kernel's OOM-killer lines) or \`evidence\` captured elsewhere (docker inspect output or a Kubernetes Pod). \`cause\` is one id, explained on docs/causes/<cause>.md: oom-killed (the memory limit was hit), stop-timeout (docker stop waited the grace period, then SIGKILL: PID 1 ignored SIGTERM), stopped (a graceful stop), killed (docker kill), sigkill-external (SIGKILL from outside Docker, e.g. the host's OOM killer or kill -9), daemon-restart, signal, command-not-found (127), not-executable (126), start-failed, app-error (the program chose a non-zero exit: its log says why), completed (exit 0), running, and for Kubernetes liveness-probe, evicted, image-pull, create-config-error. Exit 137 alone never decides between oom-killed, stop-timeout, killed, sigkill-external and daemon-restart: the events and flags do. \`confidence\`: high when the evidence names the cause (an oom event, OOMKilled, a kill signal in the events), medium when the evidence fits and rules out the others it can, low when evidence is missing (say so to the user). \`evidence\` lists each fact with its source, \`timeline\` the events, \`fixes\` what to change (titles and details to propose).`,
  process_tree: `A running container's process tree (read-only: nothing runs inside the container). \`processes\` (pid, ppid, state: R running, S sleeping, D disk wait, Z zombie, T stopped; command; threads); \`zombies\` {count, parents: the processes that leave them unreaped, with how many}; \`pid1\` with the model's verdict (the keys of lint's \`runtime\`: measured from the host's /proc on a local engine, else from the container's config). \`source\`: host-proc (the host's /proc, complete, zombies with their parents), api (the Engine API top: on cgroup v1 zombies are counted from pids_stats but not listed, so a parent may be unknown).`,
  audit_host: `Audit every container on the Docker host (read-only). Per container, findings with an id: no-memory-limit, no-pids-limit, pid1-ignores-sigterm (docker stop will wait the grace period, then SIGKILL), pid1-no-reap, zombies, restart-loop, oom-killed; each with a severity and actions (a command line the user can run: this tool runs none). \`host\` sums the running containers' memory limits against the host's memory (overcommitted when they exceed it); \`gaps\` says what could not be checked.`,
};

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

export interface LintArguments {
  path?: string;
  text?: string;
  filename?: string;
  context?: string;
}

export type LintTarget =
  | { kind: 'path'; path: string; context?: string }
  | { kind: 'text'; text: string; filename?: string; context?: string };

/** `{ path }` or `{ text, filename }`: exactly one of path and text. */
export function lintTarget(args: LintArguments): Checked<LintTarget> {
  const hasPath = args.path !== undefined;
  const hasText = args.text !== undefined;
  if (hasPath && hasText) return { ok: false, error: 'Give either `path` or `text`, not both.' };
  if (!hasPath && !hasText)
    return { ok: false, error: 'Give `path` (a file on disk) or `text` with `filename`.' };
  if (hasPath && args.filename !== undefined)
    return {
      ok: false,
      error: '`filename` names the file given as `text`; with `path` leave it out.',
    };
  const context = args.context ? { context: args.context } : {};
  return hasPath
    ? { ok: true, value: { kind: 'path', path: args.path!, ...context } }
    : {
        ok: true,
        value: {
          kind: 'text',
          text: args.text!,
          ...(args.filename !== undefined ? { filename: args.filename } : {}),
          ...context,
        },
      };
}

export interface ExplainArguments {
  container?: string;
  evidence?: string | unknown[] | Record<string, unknown>;
  events?: string;
  logs?: string;
  tail?: number;
}

export type ExplainTarget =
  | { kind: 'container'; container: string; tail?: number }
  | { kind: 'evidence'; inspect: string; events?: string; logs?: string };

/** `{ container }` or `{ evidence }` (with its events and logs): exactly one. */
export function explainTarget(args: ExplainArguments): Checked<ExplainTarget> {
  const hasContainer = args.container !== undefined;
  const hasEvidence = args.evidence !== undefined;
  if (hasContainer && hasEvidence)
    return { ok: false, error: 'Give either `container` or `evidence`, not both.' };
  if (!hasContainer && !hasEvidence)
    return {
      ok: false,
      error:
        'Give `container` (a name or id on the engine) or `evidence` (docker inspect output or a Kubernetes Pod).',
    };
  if (hasContainer) {
    if (args.events !== undefined || args.logs !== undefined)
      return {
        ok: false,
        error:
          '`events` and `logs` go with `evidence`; for a container they are read from the engine.',
      };
    return {
      ok: true,
      value: {
        kind: 'container',
        container: args.container!,
        ...(args.tail !== undefined ? { tail: args.tail } : {}),
      },
    };
  }
  if (args.tail !== undefined) return { ok: false, error: '`tail` goes with `container`.' };
  const inspect = typeof args.evidence === 'string' ? args.evidence : JSON.stringify(args.evidence);
  return {
    ok: true,
    value: {
      kind: 'evidence',
      inspect,
      ...(args.events !== undefined ? { events: args.events } : {}),
      ...(args.logs !== undefined ? { logs: args.logs } : {}),
    },
  };
}

/** What explainCaptured reads for an `evidence` target; its messages name the tool's arguments. */
export function capturedInput(t: Extract<ExplainTarget, { kind: 'evidence' }>): CapturedInput {
  return {
    inspect: t.inspect,
    events: t.events,
    logs: t.logs,
    names: { inspect: 'evidence', events: 'events', logs: 'logs' },
  };
}

/** explain's JSON contract with `cause`, `confidence` and `summary` first: read before the rest. */
export function causeFirst(x: Explanation): Record<string, unknown> {
  const { cause, confidence, summary, ...rest } = x;
  return { cause, confidence, summary, ...rest };
}

/** A container that is not on the engine, in the words of the CLI. */
export function noSuchContainer(ref: string, engineLabel: string): string {
  return `No container named or with id '${ref}' on ${engineLabel} (docker ps -a lists them).`;
}
