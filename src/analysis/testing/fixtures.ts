// Test helper: the Dockerfile fixture contexts under test/fixtures/dockerfiles/<name>/.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { BuildContext } from '../types';

export const FIXTURES = join(__dirname, '../../../test/fixtures/dockerfiles');

export interface Fixture {
  name: string;
  dockerfile: string;
  /** Context files other than the Dockerfile, by relative path. */
  files: Record<string, string>;
}

function walk(dir: string, root: string, out: Record<string, string>): void {
  for (const n of readdirSync(dir)) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) walk(p, root, out);
    else out[relative(root, p).split('\\').join('/')] = readFileSync(p, 'utf8');
  }
}

export function loadFixtures(): Fixture[] {
  return readdirSync(FIXTURES)
    .sort()
    .map((name) => {
      const all: Record<string, string> = {};
      walk(join(FIXTURES, name), join(FIXTURES, name), all);
      const { Dockerfile: dockerfile = '', ...files } = all;
      return { name, dockerfile, files };
    });
}

export const CTX_ROOT = '/ctx/';

export function contextOf(files: Record<string, string>): BuildContext {
  return { readFile: (p) => files[p], pathOf: (p) => CTX_ROOT + p };
}
