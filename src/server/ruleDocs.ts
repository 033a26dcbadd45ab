// Where the rule pages are: docs/rules/<id>.md shipped beside the bundle (dist/../docs/rules),
// or in the source tree when the server runs from src/ (tests). Links are file:// URIs, which
// the client opens in VS Code's Markdown preview.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

/** The first docs/rules folder found from `start` upwards (a few levels), if any. */
export function findRuleDocsDir(start: string): string | undefined {
  let dir = start;
  for (let i = 0; i < 4; i++) {
    const candidate = path.join(dir, 'docs', 'rules');
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

/** A function from rule id to the `file://` URI of its page, undefined when there is no page. */
export function ruleHrefs(docsDir: string | undefined): (rule: string) => string | undefined {
  return (rule) => {
    if (!docsDir || !/^[a-z0-9-]+$/.test(rule)) return undefined;
    const page = path.join(docsDir, `${rule}.md`);
    return existsSync(page) ? pathToFileURL(page).href : undefined;
  };
}
