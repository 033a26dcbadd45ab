// How badly a file parses, counted the way its reader fails: a fix must never leave a file
// that parses worse than before (the fix loop refuses such a fix, the tests assert it).
//   compose file: YAML errors (compose refuses the file);
//   Dockerfile: unknown instructions (the build fails) and exec forms that are not JSON
//     (Docker silently runs them as shell form: `/bin/sh -c '["node", app.js]'` exits 127);
//   anything else a fix edits (an entrypoint script): not valid shell.
import { parseDocument } from '../../shared/yaml';
import { parseDockerfile } from '../dockerfile/model';
import { parseShell } from '../../model/shell/ast';
import { isComposeFile } from '../file-kinds';

const instructions = new Set([
  'ADD',
  'ARG',
  'CMD',
  'COPY',
  'ENTRYPOINT',
  'ENV',
  'EXPOSE',
  'FROM',
  'HEALTHCHECK',
  'LABEL',
  'MAINTAINER',
  'ONBUILD',
  'RUN',
  'SHELL',
  'STOPSIGNAL',
  'USER',
  'VOLUME',
  'WORKDIR',
]);
const execFormKeywords = new Set(['CMD', 'ENTRYPOINT', 'SHELL']);

export type FileRole = 'dockerfile' | 'compose' | 'script';

export function roleOf(path: string, isDockerfilePath: boolean): FileRole {
  if (isComposeFile(path)) return 'compose';
  return isDockerfilePath ? 'dockerfile' : 'script';
}

export function parseProblems(role: FileRole, text: string): number {
  if (role === 'compose') {
    try {
      return parseDocument(text, { prettyErrors: false }).errors.length;
    } catch {
      return Number.MAX_SAFE_INTEGER;
    }
  }
  if (role === 'script') return parseShell(text) === null ? 1 : 0;
  const model = parseDockerfile(text);
  let problems = 0;
  for (const stage of model.stages)
    for (const ins of [stage.from, ...stage.instructions]) {
      if (!instructions.has(ins.keyword)) problems++;
      else if (execFormKeywords.has(ins.keyword) && ins.args.startsWith('[') && !ins.json)
        problems++;
    }
  return problems;
}
