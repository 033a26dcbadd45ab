// What the formatters receive: each linted file with its analysis, and how to show paths.
import type { FileAnalysis } from '../../analysis/types';

export interface LintedFile {
  /** As shown to the user: relative to the working directory, '/' separators (or the stdin name). */
  path: string;
  analysis: FileAnalysis;
}

export interface FormatContext {
  /** Turns an engine path (absolute) into the path shown and written in reports. */
  showPath: (enginePath: string) => string;
}

export type Formatter = (files: LintedFile[], context: FormatContext) => string;
