// Extension entry point: creates the one ContainerDoctorContext (./context: lifetime,
// disposables, the language server and the shared engine session) and hands it to each
// capability. Each register* lives in its own module.
import * as vscode from 'vscode';
import { ContainerDoctorContext } from './context';
import { registerExplorer } from './explorer';
import { registerDiagnoses, type DiagnosesApi } from './diagnoses';
import { registerKubernetes } from './kubernetes';
import { registerEditorExperience } from './editor';
import { registerLanguageModelTools } from './tools';

export interface ExtensionApi {
  /** Milliseconds from activate() start to ready (measured by the bench). */
  activationMs: number;
  /**
   * Milliseconds from activate() start until the language server answered `initialize`;
   * rejects when it could not start. Not awaited by activate(): it is reported separately.
   */
  serverStartMs: Promise<number>;
  /** Milliseconds each step of activate() took, in order (the bench prints them). */
  activationSteps: Record<string, number>;
  /**
   * The Language Model Tools by name, as registered with vscode.lm (tests ask their
   * prepareInvocation: VS Code confirms by itself while extension tests run).
   */
  languageModelTools: Record<string, vscode.LanguageModelTool<Record<string, unknown>>>;
}

/** Runs each step and records how long it took: activation time has owners. */
function timedSteps(steps: [string, () => void][]): Record<string, number> {
  const times: Record<string, number> = {};
  for (const [name, step] of steps) {
    const t = performance.now();
    step();
    times[name] = performance.now() - t;
  }
  return times;
}

export function activate(extension: vscode.ExtensionContext): ExtensionApi {
  const started = performance.now();
  let context: ContainerDoctorContext | undefined;
  let languageModelTools: ExtensionApi['languageModelTools'] = {};
  let diagnoses: DiagnosesApi | undefined;
  const activationSteps = timedSteps([
    // The output channel, the language client (started on the next turn) and the engine model.
    ['context', () => (context = new ContainerDoctorContext(extension))],
    ['engine session', () => context!.engines.start()],
    ['explorer', () => registerExplorer(context!)],
    ['diagnoses', () => (diagnoses = registerDiagnoses(context!))],
    // The view only: pods are read (and the client library loaded) when it is first shown.
    ['kubernetes', () => registerKubernetes(context!, diagnoses!)],
    ['editor', () => registerEditorExperience(extension, () => context!.server.client)],
    ['language model tools', () => (languageModelTools = registerLanguageModelTools(context!))],
  ]);
  if (!context) throw new Error('activation steps did not run');
  const activationMs = performance.now() - started;
  const serverStartMs = context.server.started.then(() => performance.now() - started);
  serverStartMs.catch(() => undefined);
  const log = context.output;
  log.info(`Activated in ${activationMs.toFixed(1)} ms; starting the language server`);
  serverStartMs.then(
    (ms) => log.info(`Language server ready ${ms.toFixed(0)} ms after activation start`),
    () => undefined,
  );
  return { activationMs, serverStartMs, activationSteps, languageModelTools };
}

export function deactivate(): void {
  // Everything the context started is on the extension's subscriptions (the language
  // client and the engine session among them); VS Code disposes them.
}
