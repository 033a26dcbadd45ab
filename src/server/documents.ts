// Which documents the server lints, and the paths and URIs it speaks in. The engine speaks
// file paths (a fix may edit an entrypoint script); LSP speaks URIs.
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as path from 'node:path';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { isComposeFile, isDockerfile } from '../analysis';

export type LintedKind = 'dockerfile' | 'compose';

const composeLanguages = new Set(['dockercompose', 'yaml']);

/** The absolute file path of a `file:` URI, or undefined for other schemes. */
export function filePathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return path.normalize(fileURLToPath(uri));
  } catch {
    return undefined;
  }
}

/** The path the engine sees for a document: its file path, or the URI itself when unsaved. */
export function enginePathOf(uri: string): string {
  return filePathOf(uri) ?? uri;
}

/** Dockerfile, compose file, or something the server does not lint (e.g. an entrypoint.sh). */
export function lintedKindOf(
  document: Pick<TextDocument, 'uri' | 'languageId'>,
): LintedKind | undefined {
  const name = enginePathOf(document.uri);
  if (isComposeFile(name)) return 'compose';
  if (composeLanguages.has(document.languageId)) return undefined;
  if (document.languageId === 'dockerfile' || isDockerfile(name)) return 'dockerfile';
  return undefined;
}

/** Maps engine paths back to URIs, preferring the URI the client used for an open document. */
export class UriMapper {
  constructor(private readonly openUris: () => Iterable<string>) {}

  uriOf(enginePath: string): string {
    if (/^[a-z][a-z0-9+.-]*:/i.test(enginePath) && !path.isAbsolute(enginePath)) return enginePath;
    const normalized = path.normalize(enginePath);
    for (const uri of this.openUris()) if (filePathOf(uri) === normalized) return uri;
    return pathToFileURL(normalized).href;
  }
}
