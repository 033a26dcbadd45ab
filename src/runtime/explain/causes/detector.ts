// What an exit-cause detector is: an id, a sentence saying why the cause exists, its docs
// page, and one function that either recognises the run or lets the next detector try.
// The registry (./index.ts) runs them in order; the first that recognises the run wins.
import type { CauseId, Confidence, ExplainFix } from '../types';
import type { ExitRun } from './run';

export interface EvidenceItem {
  source: string;
  detail: string;
}

/** What a detector concludes; the registry adds the cause id. */
export interface Finding {
  confidence: Confidence;
  summary: string;
  evidence: EvidenceItem[];
  fixes: ExplainFix[];
}

export interface Verdict extends Finding {
  cause: CauseId;
}

export interface CauseDetector {
  id: CauseId;
  /** One sentence: what happened to the container when this is the cause. */
  why: string;
  /** The page users read about it, relative to the repository root. */
  docs: string;
  /** The finding when this cause explains the run; undefined lets the next detector try. */
  detect(run: ExitRun): Finding | undefined;
}
