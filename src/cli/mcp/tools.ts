// The tools of `container-doctor mcp`: the CLI's own answers (lint's JSON file entry, explain's
// JSON, ps's JSON, audit's report) as Model Context Protocol tools. Each handler is a plain
// async function from checked arguments to a tool result, so tests call it without a transport;
// ../commands/mcp.ts registers them on the SDK's McpServer. Read-only: no handler changes a
// container or a file; lint's fixes come back as edits for the assistant to propose.
import { homedir } from 'node:os';
import * as path from 'node:path';
import { z } from 'zod';
import { analyzeFile } from '../../analysis';
import { noBuildContext } from '../../analysis/types';
import { auditHost } from '../../runtime/audit';
import { modelJudge } from '../../runtime/containers/pid1';
import {
  checkContainerRef,
  connect,
  resolveEngineEndpoint,
  type EngineState,
} from '../../runtime/connection';
import {
  causeIds,
  explainCaptured,
  explainContainer,
  explanationJson,
  kubernetesCauseIds,
  type Explanation,
} from '../../runtime/explain';
import { analyzeOnDisk } from '../commands/lint';
import { readPsReport, psJson } from '../commands/ps';
import { readTextFile } from '../files';
import { lintFileJson } from '../format/json';

/** What a tool returns (the SDK's CallToolResult, the part these tools use). */
export interface ToolResult {
  [key: string]: unknown;
  content: { type: 'text'; text: string }[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

/** Where the tools run: the working directory relative paths resolve against, the engine. */
export interface ToolEnvironment {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** The CLI's --host (else DOCKER_HOST, the docker context, the default socket). */
  host?: string;
}

/** A bad argument, an unknown container, an engine that is down: said, never thrown. */
export function toolError(message: string): ToolResult {
  return { content: [{ type: 'text', text: message }], isError: true };
}

/** Structured content, and its JSON as text for clients that read only text (as the spec asks). */
function toolResult(structured: Record<string, unknown>): ToolResult {
  return {
    content: [{ type: 'text', text: JSON.stringify(structured, null, 2) }],
    structuredContent: structured,
  };
}

// ---------------------------------------------------------------------------------------------
// Schemas (zod, as the SDK expects; it publishes them as JSON Schema)

const position = z.object({ line: z.number(), character: z.number() });
const range = z.object({ start: position, end: position });
const verdict = z.object({
  pid1: z.object({ program: z.string(), argv: z.array(z.string()) }).nullable(),
  viaShell: z.boolean(),
  gracefulStop: z.boolean().nullable(),
  reapsZombies: z.boolean().nullable(),
  init: z.string().nullable(),
  reasons: z.array(z.string()),
});

export const lintInput = {
  path: z
    .string()
    .min(1)
    .optional()
    .describe('A Dockerfile or compose file on disk (absolute, or relative to the server).'),
  text: z
    .string()
    .optional()
    .describe('The file text itself (an unsaved buffer); give `filename` with it.'),
  filename: z
    .string()
    .min(1)
    .optional()
    .describe(
      'With `text`: the file name (Dockerfile, compose.yaml, ...); a path also gives the build context folder. Default: Dockerfile without a build context.',
    ),
  context: z
    .string()
    .min(1)
    .optional()
    .describe(
      "The build context folder (docker build's context argument), when it is not the one a compose, Bake or dev container file builds the Dockerfile with, or its folder.",
    ),
};

export const lintOutput = {
  path: z.string(),
  runtime: verdict.nullable(),
  findings: z.array(
    z.object({
      rule: z.string(),
      severity: z.enum(['error', 'warning', 'info', 'hint']),
      message: z.string(),
      range,
      fixes: z.array(
        z.object({
          title: z.string(),
          edits: z.array(z.object({ path: z.string(), range, newText: z.string() })),
        }),
      ),
    }),
  ),
};

const containerRef = z
  .string()
  .min(1)
  .describe('A container name, id or unique id prefix (as docker ps -a shows it).');

export const explainInput = {
  container: containerRef.optional(),
  evidence: z
    .union([z.string(), z.array(z.unknown()), z.record(z.string(), z.unknown())])
    .optional()
    .describe(
      '`docker inspect` output (the array or one object), a Kubernetes Pod (`kubectl get pod NAME -o json|yaml`) or a List of the Pod and its Events, as text or JSON. Instead of `container`, without an engine.',
    ),
  events: z
    .string()
    .optional()
    .describe(
      "With `evidence`: lines of `docker events --format '{{json .}}'` covering its run (without them a stop that timed out cannot be told from docker kill).",
    ),
  logs: z
    .string()
    .optional()
    .describe('With `evidence`: its log tail (`docker logs --timestamps --tail 50`).'),
  tail: z
    .number()
    .int()
    .min(1)
    .max(10_000)
    .optional()
    .describe('With `container`: log lines to read from the end (default 50).'),
};

export const explainOutput = {
  cause: z.enum([...causeIds, ...kubernetesCauseIds] as [string, ...string[]]),
  confidence: z.enum(['high', 'medium', 'low']),
  summary: z.string(),
  container: z.object({ id: z.string(), name: z.string(), image: z.string() }),
  exitCode: z.number(),
  restartCount: z.number(),
  evidence: z.array(z.object({ source: z.string(), detail: z.string() })),
  timeline: z.array(z.object({ time: z.string(), event: z.string() })),
  fixes: z.array(
    z.object({
      title: z.string(),
      detail: z.string(),
      location: z.object({ file: z.string(), line: z.number() }).optional(),
    }),
  ),
};

export const processTreeInput = { container: containerRef };

export const processTreeOutput = {
  container: z.object({ id: z.string(), name: z.string() }),
  source: z.enum(['host-proc', 'api', 'exec']),
  pid1: z.object({ pid: z.number(), command: z.string(), verdict: verdict.nullable() }).nullable(),
  processes: z.array(
    z.object({
      pid: z.number(),
      ppid: z.number(),
      state: z.string(),
      command: z.string(),
      threads: z.number(),
    }),
  ),
  zombies: z.object({
    count: z.number(),
    parents: z.array(z.object({ pid: z.number(), command: z.string(), count: z.number() })),
  }),
};

export const auditInput = {};

const auditAction = z.object({
  kind: z.string(),
  title: z.string(),
  command: z.string().optional(),
});

export const auditOutput = {
  host: z.object({
    memTotal: z.number(),
    containers: z.number(),
    running: z.number(),
    sumOfLimits: z.number(),
    runningWithoutLimit: z.number(),
    overcommitted: z.boolean(),
  }),
  containers: z.array(
    z.looseObject({
      id: z.string(),
      name: z.string(),
      image: z.string(),
      state: z.string(),
      pid1Verdict: verdict,
      findings: z.array(
        z.object({
          id: z.string(),
          severity: z.enum(['error', 'warning', 'info']),
          message: z.string(),
          actions: z.array(auditAction),
        }),
      ),
    }),
  ),
  gaps: z.array(z.string()),
};

// ---------------------------------------------------------------------------------------------
// Descriptions: what each verdict means and how sure it is

const verdictMeaning = `\`runtime\` (null for compose files and Dockerfiles whose final stage cannot be analysed) is who PID 1 will be and what it does: \`pid1\` {program, argv}; \`viaShell\` true when a /bin/sh -c of the shell form is (or starts) PID 1; \`gracefulStop\` true when docker stop ends it within the grace period, false when it ignores SIGTERM and is SIGKILLed after the grace period (exit 137), null when the file does not decide it; \`reapsZombies\` true/false/null likewise for orphaned children; \`init\` (tini, dumb-init, docker-init...) or null; \`reasons\`, each a sentence the user can check. The verdict is deterministic (the same file gives the same answer) and comes from shell, init and runtime behaviour measured on real engines; null means unknown, never a guess.`;

export const lintDescription = `Lint a Dockerfile or compose file (read-only: the file is never written). Give \`path\`, or \`text\` with \`filename\`. Returns the same keys as one file of \`container-doctor lint --format json\`. ${verdictMeaning} \`findings\`: \`rule\` (its page is docs/rules/<rule>.md), \`severity\` (error: the container cannot start or will certainly misbehave; warning: it will misbehave in the situation named; info and hint: advice), \`message\`, \`range\` (0-based line and character, as in LSP), \`fixes\`: each a title and edits {path, range, newText} to PROPOSE to the user, not applied.`;

export const explainDescription = `Explain why a container exited (read-only: nothing is started, stopped or changed). Give \`container\` (read through the engine: its state, the daemon's events, the last log lines, the daemon's start time and, on a local engine, the kernel's OOM-killer lines) or \`evidence\` captured elsewhere (docker inspect output or a Kubernetes Pod). \`cause\` is one id, explained on docs/causes/<cause>.md: oom-killed (the memory limit was hit), stop-timeout (docker stop waited the grace period, then SIGKILL: PID 1 ignored SIGTERM), stopped (a graceful stop), killed (docker kill), sigkill-external (SIGKILL from outside Docker, e.g. the host's OOM killer or kill -9), daemon-restart, signal, command-not-found (127), not-executable (126), start-failed, app-error (the program chose a non-zero exit: its log says why), completed (exit 0), running, and for Kubernetes liveness-probe, evicted, image-pull, create-config-error. Exit 137 alone never decides between oom-killed, stop-timeout, killed, sigkill-external and daemon-restart: the events and flags do. \`confidence\`: high when the evidence names the cause (an oom event, OOMKilled, a kill signal in the events), medium when the evidence fits and rules out the others it can, low when evidence is missing (say so to the user). \`evidence\` lists each fact with its source, \`timeline\` the events, \`fixes\` what to change (titles and details to propose).`;

export const processTreeDescription = `A running container's process tree (read-only: nothing runs inside the container). \`processes\` (pid, ppid, state: R running, S sleeping, D disk wait, Z zombie, T stopped; command; threads); \`zombies\` {count, parents: the processes that leave them unreaped, with how many}; \`pid1\` with the model's verdict (the keys of lint's \`runtime\`: measured from the host's /proc on a local engine, else from the container's config). \`source\`: host-proc (the host's /proc, complete, zombies with their parents), api (the Engine API top: on cgroup v1 zombies are counted from pids_stats but not listed, so a parent may be unknown).`;

export const auditDescription = `Audit every container on the Docker host (read-only). Per container, findings with an id: no-memory-limit, no-pids-limit, pid1-ignores-sigterm (docker stop will wait the grace period, then SIGKILL), pid1-no-reap, zombies, restart-loop, oom-killed; each with a severity and actions (a command line the user can run: this tool runs none). \`host\` sums the running containers' memory limits against the host's memory (overcommitted when they exceed it); \`gaps\` says what could not be checked.`;

// ---------------------------------------------------------------------------------------------
// Handlers

export interface LintArgs {
  path?: string;
  text?: string;
  filename?: string;
  context?: string;
}

export function lintDockerfileTool(args: LintArgs, where: ToolEnvironment): ToolResult {
  const hasPath = args.path !== undefined;
  const hasText = args.text !== undefined;
  if (hasPath === hasText)
    return toolError(
      hasPath
        ? 'Give either `path` or `text`, not both.'
        : 'Give `path` (a file on disk) or `text` with `filename`.',
    );
  if (hasPath && args.filename !== undefined)
    return toolError('`filename` names the file given as `text`; with `path` leave it out.');
  const contextRoot = args.context ? path.resolve(where.cwd, args.context) : undefined;
  const contextChoice = {
    root: contextRoot,
    rootReason: args.context && `context ${args.context}`,
  };
  const showPath = (p: string) => (path.isAbsolute(p) ? p : p.split(path.sep).join('/'));
  if (hasPath) {
    const file = path.resolve(where.cwd, args.path!);
    const read = readTextFile(file);
    if (!read.ok) return toolError(`Cannot read ${file}: ${read.message}.`);
    const analysis = analyzeOnDisk(file, read.text, new Map(), contextChoice);
    return toolResult(lintFileJson({ path: file, analysis }, showPath));
  }
  if (args.filename === undefined && !contextRoot) {
    // Like `docker build -`: a Dockerfile without a build context.
    const analysis = analyzeFile('Dockerfile', args.text!, noBuildContext);
    return toolResult(lintFileJson({ path: 'Dockerfile', analysis }, showPath));
  }
  const file = path.resolve(where.cwd, args.filename ?? 'Dockerfile');
  const analysis = analyzeOnDisk(file, args.text!, new Map([[file, args.text!]]), contextChoice);
  return toolResult(lintFileJson({ path: file, analysis }, showPath));
}

type Connected = Extract<EngineState, { kind: 'connected' }>;

/** The engine as the CLI picks it (--host, DOCKER_HOST, the docker context, the default socket). */
async function engineFor(
  where: ToolEnvironment,
): Promise<{ ok: true; engine: Connected } | { ok: false; error: ToolResult }> {
  const state = await connect(resolveEngineEndpoint({ host: where.host }, where.env, homedir()));
  if (state.kind === 'connected') return { ok: true, engine: state };
  return { ok: false, error: toolError(`${state.message} ${state.remedy}`) };
}

/** `cause` first: the answer an assistant reads before anything else. */
function explanationResult(x: Explanation): ToolResult {
  const { cause, confidence, summary, ...rest } = explanationJson(x);
  return toolResult({ cause, confidence, summary, ...rest });
}

export interface ExplainArgs {
  container?: string;
  evidence?: string | unknown[] | Record<string, unknown>;
  events?: string;
  logs?: string;
  tail?: number;
}

export async function explainExitTool(
  args: ExplainArgs,
  where: ToolEnvironment,
): Promise<ToolResult> {
  const hasContainer = args.container !== undefined;
  const hasEvidence = args.evidence !== undefined;
  if (hasContainer === hasEvidence)
    return toolError(
      hasContainer
        ? 'Give either `container` or `evidence`, not both.'
        : 'Give `container` (a name or id on the engine) or `evidence` (docker inspect output or a Kubernetes Pod).',
    );
  if (hasEvidence) {
    if (args.tail !== undefined) return toolError('`tail` goes with `container`.');
    const inspect =
      typeof args.evidence === 'string' ? args.evidence : JSON.stringify(args.evidence);
    const r = explainCaptured({
      inspect,
      events: args.events,
      logs: args.logs,
      names: { inspect: 'evidence', events: 'events', logs: 'logs' },
    });
    if (r.kind !== 'ok') return toolError(r.message);
    return explanationResult(r.explanation);
  }
  if (args.events !== undefined || args.logs !== undefined)
    return toolError(
      '`events` and `logs` go with `evidence`; for a container they are read from the engine.',
    );
  const ref = args.container!;
  const checked = checkContainerRef(ref);
  if (!checked.ok) return toolError(checked.error.message);
  const connected = await engineFor(where);
  if (!connected.ok) return connected.error;
  const engine = connected.engine;
  const r = await explainContainer(engine.docker, ref, {
    local: engine.version.local,
    logTail: args.tail,
  });
  if (r.kind === 'not-found')
    return toolError(
      `No container named or with id '${ref}' on ${engine.endpoint.label} (docker ps -a lists them).`,
    );
  if (r.kind !== 'ok') return toolError(r.message);
  return explanationResult(r.explanation);
}

export async function processTreeTool(
  args: { container: string },
  where: ToolEnvironment,
): Promise<ToolResult> {
  const checked = checkContainerRef(args.container);
  if (!checked.ok) return toolError(checked.error.message);
  const connected = await engineFor(where);
  if (!connected.ok) return connected.error;
  const engine = connected.engine;
  // Never by exec: a tool runs nothing inside the user's container.
  const r = await readPsReport(engine, args.container, { allowExec: false });
  if (!r.ok)
    return toolError(
      r.error.kind === 'not-found'
        ? `No container named or with id '${args.container}' on ${engine.endpoint.label} (docker ps -a lists them).`
        : r.error.message,
    );
  return toolResult(psJson(r.snapshot, r.verdict));
}

export async function auditHostTool(where: ToolEnvironment): Promise<ToolResult> {
  const connected = await engineFor(where);
  if (!connected.ok) return connected.error;
  const engine = connected.engine;
  const r = await auditHost(engine.docker, { local: engine.version.local, judge: modelJudge });
  if (r.kind !== 'ok') return toolError(r.message);
  return toolResult(r.report as unknown as Record<string, unknown>);
}

/** Read-only tools: they change nothing, and the same call gives the same answer. */
export const readOnly = { readOnlyHint: true, destructiveHint: false, idempotentHint: true };
