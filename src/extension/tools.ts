// The assistant tools as VS Code Language Model Tools (declared in package.json
// `contributes.languageModelTools`), so agent mode can call them: the same names, descriptions
// and answers as `container-doctor mcp` (src/shared/assistant-tools.ts, lint's JSON entry,
// explain's and ps's JSON). Lint goes through the language server (the engine is not in this
// bundle); the runtime tools through the context's one engine session. Read-only; the tools
// that ask the engine say so first (prepareInvocation's confirmation).
import * as vscode from 'vscode';
import * as path from 'node:path';
import { lintFileJson } from '../cli/format/json';
import { checkContainerRef } from '../runtime/connection';
import { inspectView } from '../runtime/containers';
import { configQuestion } from '../runtime/containers/judgement';
import { explainCaptured, explainContainer, explanationJson } from '../runtime/explain';
import { auditHost } from '../runtime/audit';
import { processSnapshotJson, readProcesses } from '../runtime/processes';
import {
  capturedInput,
  causeFirst,
  explainTarget,
  lintTarget,
  noSuchContainer,
  type AssistantToolName,
  type ExplainArguments,
  type LintArguments,
  vscodeToolName,
} from '../shared/assistant-tools';
import { workspaceFolderPaths, type ContainerDoctorContext } from './context';

/** A tool's answer: its JSON, as the MCP server's structured content. */
function jsonResult(value: unknown): vscode.LanguageModelToolResult {
  return new vscode.LanguageModelToolResult([
    new vscode.LanguageModelTextPart(JSON.stringify(value, null, 2)),
  ]);
}

/**
 * A bad argument, an unknown container, an engine that is down: VS Code hands a tool's error
 * message to the model, so it says what to do instead.
 */
class ToolInputError extends Error {}

async function connected(context: ContainerDoctorContext) {
  const state = await context.engine.engineForCommand();
  if (state.kind !== 'connected') throw new ToolInputError(`${state.message} ${state.remedy}`);
  return state;
}

/** A path as the assistant gives it: absolute, or relative to the first workspace folder. */
function resolvePath(p: string): string {
  if (path.isAbsolute(p)) return p;
  const root = workspaceFolderPaths()[0];
  if (!root)
    throw new ToolInputError(`'${p}' is relative and no folder is open: give a full path.`);
  return path.resolve(root, p);
}

function checkedContainer(ref: unknown): string {
  if (typeof ref !== 'string' || !ref)
    throw new ToolInputError('Give `container`: a container name or id (docker ps -a lists them).');
  const checked = checkContainerRef(ref);
  if (!checked.ok) throw new ToolInputError(checked.error.message);
  return ref;
}

const composeName = /(^|[\\/])(docker-)?compose[^\\/]*\.ya?ml$/i;

async function lint(context: ContainerDoctorContext, args: LintArguments) {
  const target = lintTarget(args ?? {});
  if (!target.ok) throw new ToolInputError(target.error);
  const t = target.value;
  const contextDir = t.context ? resolvePath(t.context) : undefined;
  let file: string;
  let uri: vscode.Uri;
  if (t.kind === 'path') {
    file = resolvePath(t.path);
    uri = vscode.Uri.file(file);
  } else {
    // Unsaved text: an untitled document the language server lints like any open buffer.
    const name = t.filename ?? 'Dockerfile';
    const document = await vscode.workspace.openTextDocument({
      language: composeName.test(name) ? 'dockercompose' : 'dockerfile',
      content: t.text,
    });
    file = name;
    uri = document.uri;
  }
  const answer = await context.analyze(uri, { contextDir });
  if (!answer.ok) throw new Error(answer.error);
  if (!answer.analysis)
    throw new ToolInputError(
      `${file} is not a Dockerfile or compose file the language server lints, or cannot be read.`,
    );
  return lintFileJson({ path: file, analysis: answer.analysis }, (p) => p);
}

async function explain(context: ContainerDoctorContext, args: ExplainArguments) {
  const target = explainTarget(args ?? {});
  if (!target.ok) throw new ToolInputError(target.error);
  const t = target.value;
  if (t.kind === 'evidence') {
    const r = explainCaptured(capturedInput(t));
    if (r.kind !== 'ok') throw new ToolInputError(r.message);
    return causeFirst(explanationJson(r.explanation));
  }
  const ref = checkedContainer(t.container);
  const engine = await connected(context);
  const r = await explainContainer(engine.docker, ref, {
    local: engine.version.local,
    logTail: t.tail,
  });
  if (r.kind === 'not-found') throw new ToolInputError(noSuchContainer(ref, engine.endpoint.label));
  if (r.kind !== 'ok') throw new Error(r.kind === 'cancelled' ? 'Cancelled.' : r.message);
  return causeFirst(explanationJson(r.explanation));
}

async function processTree(context: ContainerDoctorContext, args: { container?: unknown }) {
  const ref = checkedContainer(args?.container);
  const engine = await connected(context);
  // Never by exec: a tool runs nothing inside the user's container.
  const r = await readProcesses(engine.docker, engine.version, ref, { allowExec: false });
  if (!r.ok)
    throw new ToolInputError(
      r.error.kind === 'not-found' ? noSuchContainer(ref, engine.endpoint.label) : r.error.message,
    );
  // PID 1 judged by the model in the language server, from the container's config.
  const view = await inspectView(engine.docker, r.snapshot.container.id);
  const verdict = view.ok ? (await context.judge(configQuestion(view.value))).verdict : null;
  return processSnapshotJson(r.snapshot, verdict);
}

async function audit(context: ContainerDoctorContext) {
  const engine = await connected(context);
  const r = await auditHost(engine.docker, { local: engine.version.local, judge: context.judge });
  if (r.kind !== 'ok') throw new Error(r.message);
  return r.report;
}

/** Confirmation before a tool reads the Docker engine (VS Code shows it; the user may allow always). */
function engineConfirmation(title: string, what: string): vscode.PreparedToolInvocation {
  return {
    invocationMessage: title,
    confirmationMessages: {
      title,
      message: new vscode.MarkdownString(
        `${what}\n\nRead-only: nothing is started, stopped or changed, and nothing runs inside a container.`,
      ),
    },
  };
}

type Tool = vscode.LanguageModelTool<Record<string, unknown>>;

export function languageModelTools(
  context: ContainerDoctorContext,
): Record<AssistantToolName, Tool> {
  return {
    lint_dockerfile: {
      invoke: async (options) => jsonResult(await lint(context, options.input as LintArguments)),
      prepareInvocation: (options) => ({
        invocationMessage: `Linting ${(options.input as LintArguments).path ?? (options.input as LintArguments).filename ?? 'a Dockerfile'}`,
      }),
    },
    explain_exit: {
      invoke: async (options) =>
        jsonResult(await explain(context, options.input as ExplainArguments)),
      prepareInvocation: (options) => {
        const input = options.input as ExplainArguments;
        if (input.container === undefined)
          return { invocationMessage: 'Explaining a container exit from the evidence given' };
        return engineConfirmation(
          `Explain the exit of container ${input.container}?`,
          "Container Doctor reads this container's state, the Docker daemon's events for it and its last log lines from the Docker engine.",
        );
      },
    },
    process_tree: {
      invoke: async (options) => jsonResult(await processTree(context, options.input)),
      prepareInvocation: (options) =>
        engineConfirmation(
          `Read the process tree of container ${String(options.input.container)}?`,
          "Container Doctor reads this container's processes from the host's /proc or the Docker engine.",
        ),
    },
    audit_host: {
      invoke: async () => jsonResult(await audit(context)),
      prepareInvocation: () =>
        engineConfirmation(
          'Audit every container on the Docker host?',
          "Container Doctor reads every container's configuration, state and processes from the Docker engine.",
        ),
    },
  };
}

/** Registers the tools; returns them by VS Code name (the extension's API, for tests). */
export function registerLanguageModelTools(context: ContainerDoctorContext): Record<string, Tool> {
  const tools = Object.fromEntries(
    Object.entries(languageModelTools(context)).map(([name, tool]) => [
      vscodeToolName(name as AssistantToolName),
      tool,
    ]),
  );
  // VS Code without the Language Model API (an editor that forks an older one): no tools.
  if (typeof vscode.lm?.registerTool !== 'function') return {};
  for (const [name, tool] of Object.entries(tools))
    context.push(vscode.lm.registerTool(name, tool));
  return tools;
}
