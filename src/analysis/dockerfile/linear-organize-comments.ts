// A linear replacement for dockerfile-ast 0.7.1's Dockerfile.organizeComments(), the
// one quadratic step of its parse (found and measured by the bench: bench/README.md "Why
// dockerfile-ast grows superlinearly"; moved here from bench/lib so the engine installs it).
// parse() calls it at the end to give each build stage its comments: upstream, for every comment it walks every stage and recomputes that stage's range
// (ImageTemplate.getRange() builds new validated Range objects each time), so the cost is
// comments x stages. Here each range is computed once and the stage is found by binary
// search: stages are in document order and never overlap, so the only stage that can
// contain a position is the last one starting at or before it. The result is the same
// assignment of comments to stages (checked by bench/dockerfile-ast-growth.bench.ts).
import { DockerfileParser } from 'dockerfile-ast';

interface Pos {
  line: number;
  character: number;
}
interface Span {
  start: Pos;
  end: Pos;
}
interface CommentNode {
  getRange(): Span;
}
interface Template {
  getRange(): Span | null;
  addComment(comment: CommentNode): void;
}
interface DockerfileInternals {
  initialInstructions: Template;
  buildStages: Template[];
  getComments(): CommentNode[];
  organizeComments(): void;
}

/** dockerfile-ast's Util.isInsideRange, same semantics (both ends inclusive). */
function isInside(p: Pos, r: Span): boolean {
  if (r.start.line === r.end.line)
    return (
      r.start.line === p.line && r.start.character <= p.character && p.character <= r.end.character
    );
  if (r.start.line === p.line) return r.start.character <= p.character;
  if (r.end.line === p.line) return p.character <= r.end.character;
  return r.start.line < p.line && p.line < r.end.line;
}

function atOrBefore(a: Pos, b: Pos): boolean {
  return a.line < b.line || (a.line === b.line && a.character <= b.character);
}

export function linearOrganizeComments(this: DockerfileInternals): void {
  const comments = this.getComments();
  if (comments.length === 0) return;
  const initialRange = this.initialInstructions.getRange();
  const stages = this.buildStages;
  const stageRanges = stages.map((s) => s.getRange());
  for (const comment of comments) {
    const range = comment.getRange();
    if (initialRange && isInside(range.end, initialRange)) {
      this.initialInstructions.addComment(comment);
      continue;
    }
    // last stage whose range starts at or before the comment's start
    let low = 0;
    let high = stageRanges.length - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const r = stageRanges[mid];
      if (r && atOrBefore(r.start, range.start)) {
        found = mid;
        low = mid + 1;
      } else high = mid - 1;
    }
    const r = found >= 0 ? stageRanges[found] : null;
    if (r && isInside(range.start, r)) stages[found].addComment(comment);
  }
}

type Organize = (this: DockerfileInternals) => void;

let prototype: { organizeComments: Organize } | null = null;

/** Found once: the engine calls install on every parse, and finding it parses a file. */
function dockerfilePrototype(): { organizeComments: Organize } {
  prototype ??= Object.getPrototypeOf(DockerfileParser.parse('')) as { organizeComments: Organize };
  return prototype;
}

let original: Organize | null = null;

/** Install the linear version into dockerfile-ast's Dockerfile class (idempotent). */
export function installLinearOrganizeComments(): void {
  const proto = dockerfilePrototype();
  if (proto.organizeComments === linearOrganizeComments) return;
  original = proto.organizeComments;
  proto.organizeComments = linearOrganizeComments;
}

/** Put dockerfile-ast's own version back (for side-by-side measurement). */
export function restoreOrganizeComments(): void {
  if (original) dockerfilePrototype().organizeComments = original;
  original = null;
}
