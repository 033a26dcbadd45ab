// Loads the real TextMate engine (vscode-textmate + vscode-oniguruma, as VS Code does) with
// VS Code's own built-in Dockerfile and shell grammars and this extension's injection
// grammars, and tokenizes text into (text, scopes) tokens for assertions.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';

const root = join(__dirname, '../../..');

/** The extension's own grammar contributions, read from package.json as VS Code does. */
interface GrammarContribution {
  scopeName: string;
  path: string;
  injectTo?: string[];
  language?: string;
}

function contributedGrammars(): GrammarContribution[] {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    contributes?: { grammars?: GrammarContribution[] };
  };
  return manifest.contributes?.grammars ?? [];
}

/**
 * Where VS Code's built-in extensions are: the code-server that the VS Code harness installs
 * (.vscode-test/code-server), or CDOC_VSCODE_EXTENSIONS_DIR (e.g. a desktop VS Code's
 * resources/app/extensions).
 */
export function builtinExtensionsDir(): string | undefined {
  const candidates = [
    process.env.CDOC_VSCODE_EXTENSIONS_DIR,
    join(root, '.vscode-test/code-server/node_modules/code-server/lib/vscode/extensions'),
  ];
  return candidates.find(
    (dir): dir is string =>
      dir !== undefined && existsSync(join(dir, 'docker/syntaxes/docker.tmLanguage.json')),
  );
}

/** The built-in extensions whose grammars these tests use. */
const builtinExtensions = ['docker', 'shellscript', 'yaml'];

/** scopeName → grammar file, from the built-in extensions' own package.json, as VS Code reads them. */
function builtinGrammarPaths(extensionsDir: string): Map<string, string> {
  const paths = new Map<string, string>();
  for (const name of builtinExtensions) {
    const manifest = JSON.parse(
      readFileSync(join(extensionsDir, name, 'package.json'), 'utf8'),
    ) as { contributes?: { grammars?: GrammarContribution[] } };
    for (const g of manifest.contributes?.grammars ?? [])
      if (!paths.has(g.scopeName)) paths.set(g.scopeName, join(extensionsDir, name, g.path));
  }
  return paths;
}

export interface Token {
  text: string;
  scopes: string[];
}

export interface Tokenizer {
  /** Tokens of each line of `text`, tokenized in order with the grammar's state carried over. */
  tokenize(text: string): Token[][];
}

let onigLoaded: Promise<void> | undefined;

function loadOniguruma(): Promise<void> {
  onigLoaded ??= oniguruma.loadWASM(
    readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm')).buffer as ArrayBuffer,
  );
  return onigLoaded;
}

/** A tokenizer for `rootScope` (source.dockerfile, source.yaml) with our injections. */
export async function tokenizerFor(extensionsDir: string, rootScope: string): Promise<Tokenizer> {
  await loadOniguruma();
  const ours = contributedGrammars();
  const builtin = builtinGrammarPaths(extensionsDir);
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName) => {
      const own = ours.find((g) => g.scopeName === scopeName);
      const file = builtin.get(scopeName) ?? (own ? join(root, own.path) : undefined);
      if (!file) return null;
      return textmate.parseRawGrammar(readFileSync(file, 'utf8'), file);
    },
    getInjections: (scopeName) =>
      ours.filter((g) => g.injectTo?.includes(scopeName)).map((g) => g.scopeName),
  });
  const grammar = await registry.loadGrammar(rootScope);
  if (!grammar) throw new Error(`${rootScope} did not load`);
  return {
    tokenize(text) {
      let state = textmate.INITIAL;
      return text.split(/\r?\n/).map((line) => {
        const r = grammar.tokenizeLine(line, state);
        state = r.ruleStack;
        return r.tokens.map((t) => ({
          text: line.slice(t.startIndex, t.endIndex),
          scopes: t.scopes,
        }));
      });
    },
  };
}

export function dockerfileTokenizer(extensionsDir: string): Promise<Tokenizer> {
  return tokenizerFor(extensionsDir, 'source.dockerfile');
}
