// The Dockerfile engine as the extension sees it: a request to the running language server
// (containerDoctor/analyzeFile). The engine (src/analysis, with its shell parser) lives in
// the server's bundle only; the extension's bundle stays small and its activation cheap.
import * as vscode from 'vscode';
import type { AnalyzeFileParams, FileAnalysis } from '../server/protocol';
import { AnalyzeFileRequest, JudgePid1Request } from '../server/protocol';
import {
  configuredArgv,
  judgementOfVerdict,
  type Pid1Judge,
} from '../runtime/containers/judgement';
import type { LanguageServerHandle } from './client';

/** An analysis (null: the server does not lint that file or could not analyse it), or why not. */
export type EngineAnswer =
  { ok: true; analysis: FileAnalysis | null } | { ok: false; error: string };

/**
 * Asks a file's analysis (a path, or the URI of an open document such as an untitled one);
 * `contextDir` when the build context is not the file's folder.
 */
export type FileAnalyzer = (
  path: string | vscode.Uri,
  options?: { contextDir?: string },
) => Promise<EngineAnswer>;

const why = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The analyzer over one language server handle (waits until the server has started). */
export function serverAnalyzer(server: () => LanguageServerHandle | undefined): FileAnalyzer {
  return async (path, options) => {
    const handle = server();
    if (!handle)
      return { ok: false, error: 'The Container Doctor language server is not running.' };
    try {
      await handle.started;
    } catch (error) {
      return {
        ok: false,
        error: `The Container Doctor language server did not start: ${why(error)}`,
      };
    }
    if (!handle.client.isRunning())
      return { ok: false, error: 'The Container Doctor language server is not running.' };
    // The client's own URI spelling: an open document is found under the URI it was opened with.
    const params: AnalyzeFileParams = {
      uri: handle.client.code2ProtocolConverter.asUri(
        typeof path === 'string' ? vscode.Uri.file(path) : path,
      ),
      ...(options?.contextDir ? { contextDir: options.contextDir } : {}),
    };
    try {
      const analysis = await handle.client.sendRequest(AnalyzeFileRequest, params);
      return { ok: true, analysis };
    } catch (error) {
      return { ok: false, error: `The language server could not analyse ${path}: ${why(error)}` };
    }
  };
}

/**
 * The PID 1 judge over the language server: the model lives in the server's bundle. When
 * the server cannot answer, the judgement says so (unknown), never a guess of its own.
 */
export function serverJudge(server: () => LanguageServerHandle | undefined): Pid1Judge {
  return async (question) => {
    const unknown = (reason: string) =>
      judgementOfVerdict(
        {
          pid1: null,
          viaShell: false,
          gracefulStop: null,
          reapsZombies: null,
          init: null,
          reasons: [reason],
        },
        question.init
          ? ['/sbin/docker-init', '--', ...question.argv]
          : configuredArgv({ Cmd: question.argv }),
        question.signals ? 'host-proc' : 'config',
      );
    const handle = server();
    if (!handle) return unknown('The Container Doctor language server is not running.');
    try {
      await handle.started;
      return await handle.client.sendRequest(JudgePid1Request, question);
    } catch (error) {
      return unknown(`The language server could not judge PID 1: ${why(error)}`);
    }
  };
}
