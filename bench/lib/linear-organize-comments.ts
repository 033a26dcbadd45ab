// Switching dockerfile-ast 0.7.1's Dockerfile.organizeComments() between the library's
// own (comments x stages, see bench/README.md) and the linear version the engine installs
// (src/analysis/dockerfile/linear-organize-comments.ts, first written here), so that a
// bench can time either on purpose. The engine installs its version on every parse, and
// the prototype is shared with dockerfile-utils: benches that time a peer "as users have
// it" run it under withOrganizeComments('stock', …).
import { DockerfileParser } from 'dockerfile-ast';
import { linearOrganizeComments } from '../../src/analysis/dockerfile/linear-organize-comments';

type Organize = (this: unknown) => void;
interface DockerfileProto {
  organizeComments: Organize;
}

export const dockerfileProto = Object.getPrototypeOf(DockerfileParser.parse('')) as DockerfileProto;

/** dockerfile-ast's own method, captured before anything could replace it. */
const stock: Organize = dockerfileProto.organizeComments;
if ((stock as unknown) === linearOrganizeComments)
  throw new Error('bench/lib/linear-organize-comments must be imported before any engine parse');

/** Run `fn` with dockerfile-ast's own ('stock') or the linear organizeComments, then put back what was there. */
export function withOrganizeComments<T>(kind: 'stock' | 'linear', fn: () => T): T {
  const before = dockerfileProto.organizeComments;
  dockerfileProto.organizeComments =
    kind === 'stock' ? stock : (linearOrganizeComments as Organize);
  try {
    return fn();
  } finally {
    dockerfileProto.organizeComments = before;
  }
}
