// What a compose rule is: an id, a default severity, a one-line description and a
// check of one service. The rule says what it found; index.ts applies settings,
// suppression comments and the file path.
import type { BuildContext, Fix, Range, RelatedLocation, Severity } from '../types';
import type { ComposeFile, ComposeService } from './document';

export interface ComposeReport {
  message: string;
  range: Range;
  /**
   * Lines of the keys this finding is about (the service key first): a
   * `# container-doctor-ignore <rule>` comment above any of them suppresses it.
   */
  anchorLines: number[];
  fixes: Fix[];
  related: RelatedLocation[];
  /** This finding's own severity when it differs from the rule's (e.g. info when uncertain). */
  severity?: Severity;
}

export interface ComposeRule {
  id: string;
  defaultSeverity: Severity;
  description: string;
  /** `context`: the compose file's folder, where a service's `build` Dockerfile is read. */
  check(file: ComposeFile, service: ComposeService, context: BuildContext): ComposeReport[];
}
