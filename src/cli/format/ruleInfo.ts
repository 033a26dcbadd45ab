// What a report says about a rule beyond its id: a one-line description and default severity,
// read from its page docs/rules/<id>.md (shipped beside the bundle: dist/../docs/rules), and
// the page's public URL for reports read outside this machine (SARIF helpUri).
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Severity } from '../../analysis/types';

export const repositoryUrl = 'https://github.com/container-doctor/container-doctor';

export interface RuleInfo {
  id: string;
  shortDescription: string;
  defaultSeverity: Severity | undefined;
  helpUri: string;
}

function findDocsDir(): string | undefined {
  let dir = __dirname;
  for (let i = 0; i < 4; i++) {
    const candidate = path.join(dir, 'docs', 'rules');
    if (existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  return undefined;
}

const docsDir = findDocsDir();

/** The first sentence of the page's "What it reports" section (or its first paragraph). */
export function describeFromPage(markdown: string): {
  description?: string;
  severity?: Severity;
} {
  const severity = /\*\*Severity:\*\*\s*(error|warning|info|hint)/i
    .exec(markdown)?.[1]
    ?.toLowerCase() as Severity | undefined;
  const section = /^##\s+What it reports\s*$([\s\S]*?)(?=^##\s|$(?![\s\S]))/im.exec(markdown)?.[1];
  const body = section ?? markdown.replace(/^#.*$/m, '');
  const paragraph = body
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .find((p) => p.length > 0 && !p.startsWith('#') && !p.startsWith('**Severity'));
  if (!paragraph) return { severity };
  const flat = paragraph.replace(/\s*\n\s*/g, ' ');
  // A paragraph that introduces a list ends its first sentence with ':'.
  const sentence = (/^(.+?[.!?])(\s|$)/.exec(flat)?.[1] ?? flat).replace(/:$/, '.');
  return {
    description: sentence.length > 300 ? `${sentence.slice(0, 297)}...` : sentence,
    severity,
  };
}

export function ruleInfo(id: string): RuleInfo {
  let page: string | undefined;
  if (docsDir && /^[a-z0-9-]+$/.test(id)) {
    try {
      page = readFileSync(path.join(docsDir, `${id}.md`), 'utf8');
    } catch {
      page = undefined;
    }
  }
  const fromPage = page ? describeFromPage(page) : {};
  return {
    id,
    shortDescription: fromPage.description ?? id,
    defaultSeverity: fromPage.severity,
    helpUri: `${repositoryUrl}/blob/main/docs/rules/${id}.md`,
  };
}
