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
} from '../../runtime/explain';
import {
  assistantToolDescriptions,
  capturedInput,
  causeFirst,
  explainTarget,
  lintTarget,
  noSuchContainer,
  type ExplainArguments,
  type LintArguments,
} from '../../shared/assistant-tools';
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

export const lintDescription = assistantToolDescriptions.lint_dockerfile;
export const explainDescription = assistantToolDescriptions.explain_exit;
export const processTreeDescription = assistantToolDescriptions.process_tree;
export const auditDescription = assistantToolDescriptions.audit_host;

// ---------------------------------------------------------------------------------------------
// Handlers

export function lintDockerfileTool(args: LintArguments, where: ToolEnvironment): ToolResult {
  const target = lintTarget(args);
  if (!target.ok) return toolError(target.error);
  const t = target.value;
  const contextRoot = t.context ? path.resolve(where.cwd, t.context) : undefined;
  const contextChoice = { root: contextRoot, rootReason: t.context && `context ${t.context}` };
  const showPath = (p: string) => (path.isAbsolute(p) ? p : p.split(path.sep).join('/'));
  if (t.kind === 'path') {
    const file = path.resolve(where.cwd, t.path);
    const read = readTextFile(file);
    if (!read.ok) return toolError(`Cannot read ${file}: ${read.message}.`);
    const analysis = analyzeOnDisk(file, read.text, new Map(), contextChoice);
    return toolResult(lintFileJson({ path: file, analysis }, showPath));
  }
  if (t.filename === undefined && !contextRoot) {
    // Like `docker build -`: a Dockerfile without a build context.
    const analysis = analyzeFile('Dockerfile', t.text, noBuildContext);
    return toolResult(lintFileJson({ path: 'Dockerfile', analysis }, showPath));
  }
  const file = path.resolve(where.cwd, t.filename ?? 'Dockerfile');
  const analysis = analyzeOnDisk(file, t.text, new Map([[file, t.text]]), contextChoice);
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

export async function explainExitTool(
  args: ExplainArguments,
  where: ToolEnvironment,
): Promise<ToolResult> {
  const target = explainTarget(args);
  if (!target.ok) return toolError(target.error);
  const t = target.value;
  if (t.kind === 'evidence') {
    const r = explainCaptured(capturedInput(t));
    if (r.kind !== 'ok') return toolError(r.message);
    return toolResult(causeFirst(explanationJson(r.explanation)));
  }
  const checked = checkContainerRef(t.container);
  if (!checked.ok) return toolError(checked.error.message);
  const connected = await engineFor(where);
  if (!connected.ok) return connected.error;
  const engine = connected.engine;
  const r = await explainContainer(engine.docker, t.container, {
    local: engine.version.local,
    logTail: t.tail,
  });
  if (r.kind === 'not-found') return toolError(noSuchContainer(t.container, engine.endpoint.label));
  if (r.kind !== 'ok') return toolError(r.message);
  return toolResult(causeFirst(explanationJson(r.explanation)));
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
        ? noSuchContainer(args.container, engine.endpoint.label)
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
