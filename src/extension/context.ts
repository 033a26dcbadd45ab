// The extension's lifetime in one object (as rust-analyzer's ctx.ts): the output channel,
// the language server, the ONE live engine model shared by the explorer and the diagnoses
// commands, the settings they read, and every disposable. Capabilities get this object and
// register into it; VS Code disposes it all on deactivation (the extension's subscriptions).
import * as vscode from 'vscode';
import { homedir } from 'node:os';
import { discoverEngines, parseEngineSelection, type EngineSelection } from '../runtime/connection';
import { EngineSet, type ExplorerModel } from '../runtime/live';
import { startLanguageClient, type LanguageServerHandle } from './client';
import { serverAnalyzer, serverJudge, type FileAnalyzer } from './engine';
import type { Pid1Judge } from '../runtime/containers/judgement';

/** The extension's settings the adapters read (section `containerDoctor`). */
export interface ExtensionSettings {
  /** `containerDoctor.docker.host`: empty for DOCKER_HOST, the Docker context or the default. */
  dockerHost(): string;
  /** `containerDoctor.processes.allowExec`: may a process tree be read by exec. */
  allowExec(): boolean;
  /** `containerDoctor.engines`: which engines the explorer and the commands use. */
  engines(): EngineSelection;
}

/**
 * Workspace trust is VS Code's: package.json lists these settings under
 * `capabilities.untrustedWorkspaces.restrictedConfigurations`, so in an untrusted workspace
 * `get` returns the user's value and ignores the workspace's.
 */
export const vscodeSettings: ExtensionSettings = {
  dockerHost: () =>
    vscode.workspace.getConfiguration('containerDoctor').get<string>('docker.host', ''),
  allowExec: () =>
    vscode.workspace.getConfiguration('containerDoctor').get<boolean>('processes.allowExec', false),
  engines: () =>
    parseEngineSelection(vscode.workspace.getConfiguration('containerDoctor').get('engines')),
};

export class ContainerDoctorContext {
  readonly output: vscode.LogOutputChannel;
  readonly server: LanguageServerHandle;
  /** The live engines: one session each, shared by the explorer and every command. */
  readonly engines: EngineSet;
  /** The Dockerfile engine, asked through the language server. */
  readonly analyze: FileAnalyzer;
  /** The PID 1 model, asked through the language server (explorer, audit, stop test). */
  readonly judge: Pid1Judge;
  readonly settings = vscodeSettings;

  constructor(readonly extension: vscode.ExtensionContext) {
    this.output = vscode.window.createOutputChannel('Container Doctor', { log: true });
    this.push(this.output);
    this.server = startLanguageClient(extension, this.output);
    this.analyze = serverAnalyzer(() => this.server);
    this.judge = serverJudge(() => this.server);
    this.engines = new EngineSet({
      discover: () => discoverEngines({ host: this.settings.dockerHost() }, process.env, homedir()),
      selection: () => this.settings.engines(),
      model: {
        allowExec: () => this.settings.allowExec(),
        workspaceFolders: () => workspaceFolderPaths(),
        judge: this.judge,
        // The engine runs in the language server; no verdict while it is not running.
        dockerfileVerdict: async (candidate) => {
          const answer = await this.analyze(candidate.path, { contextDir: candidate.contextDir });
          return answer.ok ? answer.analysis?.runtime : undefined;
        },
      },
    });
    this.push(this.engines);
  }

  /** The current engine's model (the first shown): commands that name no engine use it. */
  get engine(): ExplorerModel {
    const current = this.engines.current();
    if (!current) throw new Error('the engines have not been started');
    return current.model;
  }

  /** Adds disposables that end with the extension (VS Code disposes them on deactivation). */
  push(...disposables: vscode.Disposable[]): void {
    this.extension.subscriptions.push(...disposables);
  }
}

/** The workspace folders' file system paths. */
export function workspaceFolderPaths(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
}
