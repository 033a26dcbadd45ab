// The YAML library (`yaml`), loaded on first use. It is 112 KB of the 375 KB `lint` bundle,
// and most runs never read YAML: a Dockerfile with no compose file that could build it
// (../analysis/context-discovery.ts skips those unparsed), `--help`, the language server's
// handshake. The bundles keep it in a file of its own (dist/yaml.js, scripts/bundles.mjs)
// that this module requires on the first call; from sources it is the package itself.
import type * as Yaml from 'yaml';

export type { Document, Node, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';

let loaded: typeof Yaml | undefined;

function yaml(): typeof Yaml {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use
  return (loaded ??= require('yaml') as typeof Yaml);
}

export const parse = ((...args: unknown[]) =>
  (yaml().parse as (...a: unknown[]) => unknown)(...args)) as typeof Yaml.parse;

export const parseDocument: typeof Yaml.parseDocument = ((
  ...args: Parameters<typeof Yaml.parseDocument>
) => yaml().parseDocument(...args)) as typeof Yaml.parseDocument;

// The type guards are only ever given nodes of a parsed document, so the library is loaded.
export const isMap: typeof Yaml.isMap = ((node: unknown) =>
  yaml().isMap(node)) as typeof Yaml.isMap;
export const isSeq: typeof Yaml.isSeq = ((node: unknown) =>
  yaml().isSeq(node)) as typeof Yaml.isSeq;
export const isScalar: typeof Yaml.isScalar = ((node: unknown) =>
  yaml().isScalar(node)) as typeof Yaml.isScalar;
