// One-shot diagnoses : Explain Container Exit, Test Graceful Stop, Audit Docker
// Host. A thin adapter: the domain is src/runtime/{explain,stoptest,audit}; this module
// picks, shows progress, renders reports in webviews (strict CSP, see ./report) and maps
// report actions to commands. Commands return their result for extension-host tests.
// The engine connections are the context's live engines (the explorer's sessions): a command
// acts on the engine its item belongs to, a picker groups containers by engine; engine
// questions go through src/runtime and come back as values.
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { EngineState } from '../../runtime/connection';
import { inspectView, type ContainerView } from '../../runtime/containers';
import {
  explainCandidates,
  listImageTags,
  workspaceDockerfiles,
  type ExplorerModel,
} from '../../runtime/live';
import {
  explainContainer,
  explanationMarkdown,
  type EvidenceStep,
  type ExplainEvidence,
  type Explanation,
} from '../../runtime/explain';
import { auditHost, auditMarkdown, type AuditReport } from '../../runtime/audit';
import { runStopTest, stopTestText, type StopTestOutcome } from '../../runtime/stoptest';
import { explainService } from '../../runtime/swarm/explain';
import { swarmTargetOf } from '../explorer/swarm';
import { auditHtml, explanationHtml } from './report';
import { commandLines, instructionArgv } from './dockerfileMatch';
import type { FileAnalyzer } from '../engine';
import { workspaceFolderPaths, type ContainerDoctorContext } from '../context';
import { engineOf, groupedByEngine, refOf } from '../explorer';

type Connected = Extract<EngineState, { kind: 'connected' }>;

export interface ExplainCommandResult {
  explanation: Explanation;
  markdown: string;
  /** The HTML the webview shows (tests check the CSP and content). */
  html: string;
}

/** The shared session's engine, or a message saying why there is none (and undefined). */
async function connectedEngine(model: ExplorerModel): Promise<Connected | undefined> {
  const state = await model.engineForCommand();
  if (state.kind === 'connected') return state;
  void vscode.window.showErrorMessage(`Container Doctor: ${state.message} ${state.remedy}`);
  return undefined;
}

const nonce = () => randomBytes(16).toString('base64');

const STEP_TEXT: Record<EvidenceStep, string> = {
  inspect: 'reading the state',
  image: 'reading the image',
  events: 'reading the events',
  logs: 'reading the last log lines',
  daemon: 'asking the daemon',
  kernel: 'reading the kernel log',
};

/**
 * Exited and restarting containers of every engine shown (grouped by engine), most recent
 * exit first, plus "any container by name" (on the current engine).
 */
/** The engine a tree node names (nodes of the engines view carry `engine`). */
function engineNameOf(arg: unknown): string | undefined {
  const engine = arg && typeof arg === 'object' ? (arg as { engine?: unknown }).engine : undefined;
  return typeof engine === 'string' ? engine : undefined;
}

async function pickForExplain(
  context: ContainerDoctorContext,
): Promise<{ engine: string | undefined; id: string } | undefined> {
  type Item = vscode.QuickPickItem & { id?: string; engine?: string; any?: boolean };
  const engines = context.engines;
  const loaded = new Map<ExplorerModel, ContainerView[]>();
  await Promise.all(
    engines
      .engines()
      .filter((l) => l.model.state?.kind === 'connected' || l === engines.current())
      .map(async (l) => loaded.set(l.model, await l.model.loadedContainers())),
  );
  const items: Item[] = groupedByEngine(engines, (model, engine): Item[] =>
    explainCandidates(loaded.get(model) ?? []).map((v) => ({
      label: v.name,
      description: v.exitCode === undefined ? v.status : `exit ${v.exitCode} · ${v.status}`,
      detail: v.image,
      id: v.id,
      engine,
    })),
  );
  if (engines.engines().length > 1)
    items.push({ label: '', kind: vscode.QuickPickItemKind.Separator });
  items.push({ label: '$(search) Any container by name or id…', any: true, alwaysShow: true });
  const picked = await vscode.window.showQuickPick(items, {
    placeHolder: items.some((i) => i.id)
      ? 'Exited and restarting containers, most recent first'
      : 'No exited containers',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (!picked) return undefined;
  if (!picked.any) return picked.id ? { engine: picked.engine, id: picked.id } : undefined;
  const typed = await vscode.window.showInputBox({
    prompt: 'Container name or id (running containers too)',
    validateInput: (t) => (t.trim() ? undefined : 'A name or id'),
  });
  const id = typed?.trim();
  return id ? { engine: undefined, id } : undefined;
}

/**
 * The final stage's command instructions of a Dockerfile, as the language server's engine
 * finds them; none when the server cannot say (the fix then stays unlinked).
 */
async function dockerfileCommands(
  analyze: FileAnalyzer,
  path: string,
  text: string,
): Promise<{ line: number; text: string }[]> {
  const answer = await analyze(path);
  return answer.ok && answer.analysis ? commandLines(text, answer.analysis.commandRanges) : [];
}

/**
 * Resolve fixes anchored on the Dockerfile's command to its file and line, when the
 * workspace has it: found through compose/OCI labels, else the one workspace Dockerfile
 * whose final CMD/ENTRYPOINT is exactly what the image runs.
 */
async function linkFixes(
  context: ContainerDoctorContext,
  model: ExplorerModel,
  engine: Connected,
  x: Explanation,
  e: ExplainEvidence,
): Promise<void> {
  if (!x.fixes.some((f) => f.anchor === 'command')) return;
  const folders = workspaceFolderPaths();
  if (!folders.length) return;
  const analyze = context.analyze;
  const read = (p: string) => {
    try {
      return readFileSync(p, 'utf8');
    } catch {
      return undefined;
    }
  };
  const known = model.container(x.container.id);
  const inspected = known ? undefined : await inspectView(engine.docker, x.container.id);
  const labels = known?.labels ?? (inspected?.ok ? inspected.value.labels : {});
  let target: { file: string; line: number } | undefined;
  const byLabel = workspaceDockerfiles(labels, folders)[0];
  const labelText = byLabel ? read(byLabel.path) : undefined;
  if (byLabel && labelText !== undefined) {
    const last = (await dockerfileCommands(analyze, byLabel.path, labelText)).at(-1);
    if (last) target = { file: byLabel.path, line: last.line };
  }
  if (!target && e.image) {
    const files = await vscode.workspace.findFiles(
      '**/{Dockerfile,Dockerfile.*,*.Dockerfile,Containerfile}',
      '**/node_modules/**',
      100,
    );
    const matches: { file: string; line: number }[] = [];
    for (const uri of files) {
      const text = read(uri.fsPath);
      if (text === undefined) continue;
      for (const c of await dockerfileCommands(analyze, uri.fsPath, text)) {
        const i = instructionArgv(c.text);
        const want = i?.keyword === 'CMD' ? e.image.cmd : e.image.entrypoint;
        if (i && want && JSON.stringify(i.argv) === JSON.stringify(want))
          matches.push({ file: uri.fsPath, line: c.line });
      }
    }
    const files1 = new Set(matches.map((m) => m.file));
    if (files1.size === 1) target = matches.at(-1);
  }
  if (!target) return;
  for (const f of x.fixes) if (f.anchor === 'command') f.location = { ...target };
}

async function openAt(file: string, line: number): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  const pos = new vscode.Position(Math.max(0, line - 1), 0);
  await vscode.window.showTextDocument(doc, { selection: new vscode.Range(pos, pos) });
}

async function openMarkdown(markdown: string): Promise<void> {
  const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: markdown });
  await vscode.window.showTextDocument(doc, { preview: false });
}

/** What other capabilities reuse: the explanation panel (Kubernetes pods show theirs there). */
export interface DiagnosesApi {
  showExplanation(result: ExplainCommandResult, rerun: () => void): string;
}

/** Pasted text is tried as evidence when it looks like JSON or YAML, else it is a file path. */
const EVIDENCE_FILES = { 'docker inspect, kubectl get -o json|yaml': ['json', 'yaml', 'yml'] };

export function registerDiagnoses(context: ContainerDoctorContext): DiagnosesApi {
  const explainPanels = new Map<string, vscode.WebviewPanel>();
  let auditPanel: vscode.WebviewPanel | undefined;

  const showExplanation = (result: ExplainCommandResult, rerun: () => void): string => {
    const x = result.explanation;
    let panel = explainPanels.get(x.container.id);
    if (!panel) {
      panel = vscode.window.createWebviewPanel(
        'containerDoctor.explain',
        `Exit: ${x.container.name}`,
        vscode.ViewColumn.Active,
        { enableScripts: true, enableCommandUris: false, localResourceRoots: [] },
      );
      const p = panel;
      explainPanels.set(x.container.id, p);
      p.onDidDispose(
        () => explainPanels.delete(x.container.id),
        null,
        context.extension.subscriptions,
      );
    }
    // The walkthrough's "explain an exit" step completes on this context key as well as on
    // the command: an explanation opened from the explorer's menu counts too.
    void vscode.commands.executeCommand('setContext', 'containerDoctor.exitExplained', true);
    const p = panel;
    const html = explanationHtml(x, p.webview.cspSource, nonce());
    p.webview.html = html;
    // Replace the previous listener: the page's data belongs to this explanation.
    (p as { cdocListener?: vscode.Disposable }).cdocListener?.dispose();
    (p as { cdocListener?: vscode.Disposable }).cdocListener = p.webview.onDidReceiveMessage(
      async (m: { action?: string; file?: string; line?: string }) => {
        if (m.action === 'copy-markdown') {
          await vscode.env.clipboard.writeText(result.markdown);
          void vscode.window.showInformationMessage(
            'Container Doctor: explanation copied as Markdown.',
          );
        } else if (m.action === 'open-markdown') await openMarkdown(result.markdown);
        else if (m.action === 'refresh') rerun();
        else if (m.action === 'open-location') {
          // Only the locations this report offered: the page is not trusted to name files.
          const fix = x.fixes.find(
            (f) => f.location && f.location.file === m.file && String(f.location.line) === m.line,
          );
          if (fix?.location) await openAt(fix.location.file, fix.location.line);
        }
      },
    );
    p.reveal(undefined, false);
    return html;
  };

  const explainExit = async (arg?: unknown): Promise<ExplainCommandResult | undefined> => {
    // A swarm service or task (the explorer's Swarm section): its latest dead task, explained.
    const swarmTarget = swarmTargetOf(arg);
    const picked = swarmTarget
      ? { engine: engineNameOf(arg), id: swarmTarget.label }
      : (refOf(arg) ?? (await pickForExplain(context)));
    if (!picked) return undefined;
    const model = engineOf(context.engines, picked);
    if (!model) {
      void vscode.window.showErrorMessage(
        `Container Doctor: the engine "${picked.engine}" is not shown (containerDoctor.engines).`,
      );
      return undefined;
    }
    const engine = await connectedEngine(model);
    if (!engine) return undefined;
    const engineName = context.engines.engines().find((l) => l.model === model)?.engine.name;
    const ref = picked.id;
    const r = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Explaining ${ref.length === 64 ? ref.slice(0, 12) : ref}`,
        cancellable: true,
      },
      (progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        const options = {
          local: engine.version.local,
          signal: abort.signal,
          onStep: (step: EvidenceStep) => progress.report({ message: STEP_TEXT[step] }),
        };
        return swarmTarget
          ? explainService(engine.docker, swarmTarget.serviceId, {
              ...options,
              ...(swarmTarget.taskId ? { taskId: swarmTarget.taskId } : {}),
            })
          : explainContainer(engine.docker, ref, options);
      },
    );
    if (r.kind === 'not-found') {
      void vscode.window.showErrorMessage(`Container Doctor: ${r.message}.`);
      return undefined;
    }
    if (r.kind === 'cancelled') return undefined;
    if (r.kind !== 'ok') {
      void vscode.window.showErrorMessage(`Container Doctor: ${r.message}`);
      return undefined;
    }
    await linkFixes(context, model, engine, r.explanation, r.evidence);
    const result: ExplainCommandResult = {
      explanation: r.explanation,
      markdown: explanationMarkdown(r.explanation),
      html: '',
    };
    result.html = showExplanation(
      result,
      () =>
        void explainExit(
          swarmTarget ? arg : { engine: engineName, containerId: r.explanation.container.id },
        ),
    );
    return result;
  };

  const testGracefulStop = async (arg?: unknown): Promise<StopTestOutcome | undefined> => {
    // Arguments: a container id, the explorer's node, or
    // { image | containerId, engine?, timeoutSeconds }.
    const spec = (arg && typeof arg === 'object' ? arg : {}) as {
      image?: unknown;
      engine?: unknown;
      timeoutSeconds?: unknown;
    };
    const given =
      refOf(arg) ??
      (typeof spec.image === 'string'
        ? { engine: typeof spec.engine === 'string' ? spec.engine : undefined, id: spec.image }
        : undefined);
    let model = given ? engineOf(context.engines, given) : undefined;
    let ref = given?.id;
    if (!given) {
      // Containers and images of every connected engine, under a separator per engine.
      const live = context.engines.engines();
      const lists = await Promise.all(
        live.map(async (l) => {
          const s = l.model.state;
          if (s?.kind !== 'connected') return { l, containers: [], images: [] };
          const [containers, images] = await Promise.all([
            l.model.loadedContainers(),
            listImageTags(s.docker),
          ]);
          if (!images.ok)
            void vscode.window.showWarningMessage(
              `Container Doctor: cannot list images of ${l.engine.name}: ${images.message}`,
            );
          return { l, containers, images: images.ok ? images.value : [] };
        }),
      );
      type Item = vscode.QuickPickItem & { ref?: string; model?: ExplorerModel };
      const several = live.length > 1;
      const items: Item[] = lists.flatMap(({ l, containers, images }): Item[] => [
        {
          label: several ? `${l.engine.name}: containers` : 'Containers',
          kind: vscode.QuickPickItemKind.Separator,
        },
        ...containers.map((c) => ({
          label: c.name,
          description: `${c.image} · ${c.status}`,
          ref: c.id,
          model: l.model,
        })),
        {
          label: several ? `${l.engine.name}: images` : 'Images',
          kind: vscode.QuickPickItemKind.Separator,
        },
        ...images.map((t) => ({ label: t, description: 'image', ref: t, model: l.model })),
      ]);
      const picked = await vscode.window.showQuickPick(items, {
        placeHolder: 'Run a throwaway copy of… (same command, env and stop signal; no network)',
        matchOnDescription: true,
      });
      ref = picked?.ref;
      model = picked?.model;
    }
    if (!ref || !model) return undefined;
    const engine = await connectedEngine(model);
    if (!engine) return undefined;
    const timeoutText =
      typeof spec.timeoutSeconds === 'number'
        ? String(spec.timeoutSeconds)
        : await vscode.window.showInputBox({
            prompt: 'Grace period before SIGKILL, in seconds (docker stop -t)',
            value: '10',
            validateInput: (t) => (/^\d{1,4}$/.test(t.trim()) ? undefined : 'Whole seconds'),
          });
    if (timeoutText === undefined) return undefined;
    const target = ref;
    const outcome = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Graceful-stop test of ${target.length === 64 ? target.slice(0, 12) : target}`,
        cancellable: true,
      },
      (progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        return runStopTest(engine.docker, target, {
          timeoutSeconds: Number(timeoutText.trim()),
          local: engine.version.local,
          judge: context.judge,
          signal: abort.signal,
          onStep: (step) => progress.report({ message: step.replace('-', ' ') }),
        });
      },
    );
    if (outcome.kind !== 'ok') {
      if (outcome.kind !== 'cancelled')
        void vscode.window.showErrorMessage(`Container Doctor: ${outcome.message}`);
      return outcome;
    }
    const r = outcome.result;
    const details = async () =>
      openMarkdown(
        `## Graceful-stop test: ${r.source.ref}\n\n\`\`\`text\n${stopTestText(r)}\`\`\`\n`,
      );
    // Not awaited: the command returns its result while the notification waits for a click.
    void (
      r.verdict === 'graceful'
        ? vscode.window.showInformationMessage(r.summary, 'Details')
        : vscode.window.showWarningMessage(r.summary, 'Details')
    ).then((choice) => (choice === 'Details' ? details() : undefined));
    return outcome;
  };

  const showAudit = (
    report: AuditReport,
    engine: string | undefined,
    rerun: () => void,
  ): string => {
    const several = context.engines.engines().length > 1;
    const title = several && engine ? `Docker host audit: ${engine}` : 'Docker host audit';
    if (auditPanel) auditPanel.title = title;
    if (!auditPanel) {
      auditPanel = vscode.window.createWebviewPanel(
        'containerDoctor.audit',
        title,
        vscode.ViewColumn.Active,
        { enableScripts: true, enableCommandUris: false, localResourceRoots: [] },
      );
      auditPanel.onDidDispose(
        () => (auditPanel = undefined),
        null,
        context.extension.subscriptions,
      );
    }
    const p = auditPanel;
    const html = auditHtml(report, p.webview.cspSource, nonce());
    p.webview.html = html;
    (p as { cdocListener?: vscode.Disposable }).cdocListener?.dispose();
    (p as { cdocListener?: vscode.Disposable }).cdocListener = p.webview.onDidReceiveMessage(
      async (m: { action?: string; id?: string }) => {
        const known = report.containers.some((c) => c.id === m.id);
        if (m.action === 'open-markdown') await openMarkdown(auditMarkdown(report));
        else if (m.action === 'refresh') rerun();
        else if (!known) return;
        // The report's container, on the engine audited (ids can repeat across engines).
        else if (m.action === 'explain') await explainExit({ engine, containerId: m.id });
        else if (m.action === 'set-memory-limit')
          await vscode.commands.executeCommand('containerDoctor.explorer.setMemoryLimit', {
            engine,
            containerId: m.id,
          });
        else if (m.action === 'open-dockerfile')
          await vscode.commands.executeCommand('containerDoctor.explorer.openDockerfile', {
            engine,
            containerId: m.id,
          });
      },
    );
    p.reveal(undefined, false);
    return html;
  };

  /** The engine to audit: the engine node's (or { engine }), else the user's pick. */
  const auditTarget = async (
    arg: unknown,
  ): Promise<{ model: ExplorerModel; name: string } | undefined> => {
    const named =
      arg && typeof arg === 'object' && 'engine' in arg
        ? (arg as { engine: unknown }).engine
        : undefined;
    const live = context.engines.engines();
    if (typeof named === 'string') {
      const l = context.engines.get(named);
      return l && { model: l.model, name: l.engine.name };
    }
    if (live.length <= 1) return live[0] && { model: live[0].model, name: live[0].engine.name };
    const picked = await vscode.window.showQuickPick(
      live.map((l) => ({
        label: l.engine.name,
        description: l.engine.endpoint.label,
        detail:
          l.model.state?.kind === 'connected'
            ? undefined
            : (l.model.state?.message ?? 'connecting'),
        l,
      })),
      { placeHolder: 'Audit which engine?' },
    );
    return picked && { model: picked.l.model, name: picked.l.engine.name };
  };

  const auditDockerHost = async (
    arg?: unknown,
  ): Promise<{ report: AuditReport; html: string; engine: string } | undefined> => {
    const target = await auditTarget(arg);
    if (!target) return undefined;
    const engine = await connectedEngine(target.model);
    if (!engine) return undefined;
    const several = context.engines.engines().length > 1;
    const r = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: several ? `Auditing ${target.name}` : 'Auditing the Docker host',
      },
      () => auditHost(engine.docker, { local: engine.version.local, judge: context.judge }),
    );
    if (r.kind !== 'ok') {
      void vscode.window.showErrorMessage(`Container Doctor: ${r.message}`);
      return undefined;
    }
    const html = showAudit(
      r.report,
      target.name,
      () => void auditDockerHost({ engine: target.name }),
    );
    return { report: r.report, html, engine: target.name };
  };

  /**
   * Explain Exit from captured evidence: `docker inspect` output or a Kubernetes Pod / List of
   * the Pod and its Events, from a file or pasted text. No engine is asked. Arguments (for
   * tests and links): { text } or { file }, with an optional { container }.
   */
  const explainCaptured = async (arg?: unknown): Promise<ExplainCommandResult | undefined> => {
    const given = (arg && typeof arg === 'object' ? arg : {}) as {
      text?: unknown;
      file?: unknown;
      container?: unknown;
    };
    let text = typeof given.text === 'string' ? given.text : undefined;
    let origin = 'pasted evidence';
    if (text === undefined && typeof given.file === 'string') {
      text = readFileSync(given.file, 'utf8');
      origin = given.file;
    }
    if (text === undefined) {
      const how = await vscode.window.showQuickPick(
        [
          { label: '$(file) Open a file…', id: 'file' },
          { label: '$(clippy) Paste the text…', id: 'paste' },
          { label: '$(clippy) Use the clipboard', id: 'clipboard' },
        ],
        {
          placeHolder:
            'docker inspect output, or kubectl get pod NAME -o json|yaml (or pod,events)',
        },
      );
      if (!how) return undefined;
      if (how.id === 'file') {
        const uri = await vscode.window.showOpenDialog({
          canSelectMany: false,
          filters: { ...EVIDENCE_FILES, 'All files': ['*'] },
        });
        if (!uri?.[0]) return undefined;
        text = Buffer.from(await vscode.workspace.fs.readFile(uri[0])).toString('utf8');
        origin = uri[0].fsPath;
      } else if (how.id === 'clipboard') text = await vscode.env.clipboard.readText();
      else {
        const doc = await vscode.workspace.openTextDocument({ language: 'json', content: '' });
        await vscode.window.showTextDocument(doc);
        const go = await vscode.window.showInformationMessage(
          'Paste the docker inspect or kubectl output into the new editor, then choose Explain.',
          'Explain',
        );
        if (go !== 'Explain') return undefined;
        text = doc.getText();
      }
    }
    let container = typeof given.container === 'string' ? given.container : undefined;
    const { explainCaptured: explain } = await import('../../runtime/explain');
    let r = explain({ inspect: text ?? '', container, names: { inspect: origin } });
    if (r.kind !== 'ok' && /choose one with --container NAME/.test(r.message)) {
      // Several containers: let the user choose, by the names the message lists.
      const names = /\(([^()]+)\): choose one/.exec(r.message)?.[1].split(', ') ?? [];
      container = await vscode.window.showQuickPick(names, { placeHolder: 'Which container?' });
      if (!container) return undefined;
      r = explain({ inspect: text ?? '', container, names: { inspect: origin } });
    }
    if (r.kind !== 'ok') {
      void vscode.window.showErrorMessage(`Container Doctor: ${r.message}`);
      return undefined;
    }
    const result: ExplainCommandResult = {
      explanation: r.explanation,
      markdown: explanationMarkdown(r.explanation, `captured evidence (${origin})`),
      html: '',
    };
    const again = text;
    result.html = showExplanation(result, () => void explainCaptured({ text: again, container }));
    return result;
  };

  context.push(
    vscode.commands.registerCommand('containerDoctor.explainExit', explainExit),
    vscode.commands.registerCommand('containerDoctor.explainCaptured', explainCaptured),
    vscode.commands.registerCommand('containerDoctor.testGracefulStop', testGracefulStop),
    vscode.commands.registerCommand('containerDoctor.auditHost', auditDockerHost),
  );
  return { showExplanation };
}
