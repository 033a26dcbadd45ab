// "Why did this container exit?": collect evidence through the Engine API, classify it.
// Adapters call explainContainer() and render with ./render.
import type Docker from 'dockerode';
import { classify } from './classify';
import { capturedEvidence, type CapturedInput } from './captured';
import { collectEvidence, type CollectOptions, type EvidenceResult } from './evidence';
import type { ExplainEvidence, Explanation } from './types';

export * from './types';
export { classify } from './classify';
export { collectEvidence, type EvidenceStep, type CollectOptions } from './evidence';
export { causeInfo, detectors } from './causes';
export { capturedEvidence, type CapturedInput, type CapturedResult } from './captured';
export { explanationJson, explanationMarkdown, explanationText } from './render';

export type ExplainResult =
  | { kind: 'ok'; explanation: Explanation; evidence: ExplainEvidence }
  | Exclude<EvidenceResult, { kind: 'ok' }>;

export async function explainContainer(
  docker: Docker,
  ref: string,
  options: CollectOptions,
): Promise<ExplainResult> {
  const r = await collectEvidence(docker, ref, options);
  if (r.kind !== 'ok') return r;
  return { kind: 'ok', explanation: classify(r.evidence), evidence: r.evidence };
}

export type CapturedExplainResult =
  | { kind: 'ok'; explanation: Explanation; evidence: ExplainEvidence }
  | { kind: 'invalid'; message: string };

/** Explain from evidence captured elsewhere (docker inspect, events lines, a log tail). */
export function explainCaptured(input: CapturedInput): CapturedExplainResult {
  const r = capturedEvidence(input);
  if (r.kind !== 'ok') return r;
  return { kind: 'ok', explanation: classify(r.evidence), evidence: r.evidence };
}
