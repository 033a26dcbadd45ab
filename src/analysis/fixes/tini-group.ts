// "add tini -g": tini as PID 1 signalling its child's whole process group. For a shell that
// must stay (a pipeline such as `node server.js | tee log`), plain tini stops fast but only
// the shell gets SIGTERM and the program is SIGKILLed; with -g the program gets SIGTERM
// too and its handler runs (measured, docs/measurements.md).
import type { Fix } from '../types';
import type { DockerfileModel } from '../dockerfile/model';
import type { RuntimeAnalysis } from '../runtime-model';
import { addTiniFix } from './add-tini';

export function addTiniGroupFix(
  path: string,
  model: DockerfileModel,
  rt: RuntimeAnalysis,
): Fix | null {
  const fix = addTiniFix(path, model, rt);
  if (!fix) return null;
  let wrapped = false;
  const edits = fix.edits.map((e) => ({
    ...e,
    // The wrap edit writes `"<tini path>", "--"`: -g goes between them.
    newText: e.newText.replace(/("[^"]*tini[^"]*"), "--"/, (_m, tini: string) => {
      wrapped = true;
      return `${tini}, "-g", "--"`;
    }),
  }));
  if (!wrapped) return null;
  return {
    title: 'Add tini -g as PID 1 (it signals the whole process group, so the program gets SIGTERM)',
    preferred: rt.command.certain,
    edits,
  };
}
