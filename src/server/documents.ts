// Which documents the server lints (kinds and size limits), and the paths and URIs it speaks in. The engine speaks
// file paths (a fix may edit an entrypoint script); LSP speaks URIs.
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as path from 'node:path';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { isComposeFile, isDockerfile } from '../analysis/file-kinds';

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

/**
 * The largest document analysed, by kind, in characters. A Dockerfile is a few KB and a compose
 * file a few dozen; past these sizes an analysis takes seconds (a compose file of 50,000
 * services took over 5 s) and helps nobody. The Dockerfile limit matches the build-context
 * files the engine reads (1 MiB).
 */
export const maxDocumentChars: Record<LintedKind, number> = {
  dockerfile: 1024 * 1024,
  compose: 256 * 1024,
};

/**
 * The most findings published for one document. Past this the editor gets the first ones and
 * a notice: thousands of diagnostics cost the server's main thread (copying them from the
 * analysis worker, sending them as JSON) time that every other document's hover and
 * diagnostics wait for, and nobody reads them in the editor (the CLI lists them all).
 */
export const maxPublishedFindings = 1000;

/** The single limit before compose files had their own (kept for the load benchmark). */
const legacyMaxDocumentChars = 4 * 1024 * 1024;

/** Would this document be analysed at its current size? */
export function withinSizeLimit(kind: LintedKind, text: string, legacy = false): boolean {
  return text.length <= (legacy ? legacyMaxDocumentChars : maxDocumentChars[kind]);
}

function sizeText(chars: number): string {
  return chars >= 1024 * 1024
    ? `${(chars / 1024 / 1024).toFixed(1)} MiB`
    : `${Math.ceil(chars / 1024)} KiB`;
}

const noticeSource = 'container-doctor';

/** First line of the document: where a notice about the whole file sits. */
function firstLine(text: string): Diagnostic['range'] {
  const end = text.search(/\r?\n/);
  return {
    start: { line: 0, character: 0 },
    end: { line: 0, character: Math.min(end < 0 ? text.length : end, 200) },
  };
}

/** The Information diagnostic published instead of findings for a document too large to analyse. */
export function tooLargeNotice(kind: LintedKind, text: string): Diagnostic {
  const what = kind === 'compose' ? 'compose file' : 'Dockerfile';
  return {
    range: firstLine(text),
    severity: DiagnosticSeverity.Information,
    source: noticeSource,
    message: `This ${what} is ${sizeText(text.length)}, larger than the ${sizeText(maxDocumentChars[kind])} Container Doctor analyses, so it was not analysed and shows no findings.`,
  };
}

/** The Information diagnostic published when a document has more findings than are shown. */
export function tooManyFindingsNotice(text: string, shown: number, total: number): Diagnostic {
  const count = (n: number) => n.toLocaleString('en');
  return {
    range: firstLine(text),
    severity: DiagnosticSeverity.Information,
    source: noticeSource,
    message: `This file has ${count(total)} findings; Container Doctor shows the first ${count(shown)} here. \`container-doctor lint\` on the file lists them all.`,
  };
}

/** The Information diagnostic published when an analysis ran out of time. */
export function timedOutNotice(text: string, timeoutMs: number): Diagnostic {
  return {
    range: firstLine(text),
    severity: DiagnosticSeverity.Information,
    source: noticeSource,
    message: `Container Doctor stopped analysing this file after ${timeoutMs / 1000} s, so it shows no findings; the next edit tries again.`,
  };
}
