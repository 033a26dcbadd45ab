// An entrypoint script that backgrounds the main process (`app &`) without forwarding TERM,
// or that starts it and polls until `exit 1` (a field report: three Spring Boot containers exited
// with 1 after ~13 minutes because the start script's curl poll timed out).
import { allLayers } from '../layers';
import { LineIndex } from '../dockerfile/text';
import type { RelatedLocation } from '../types';
import { instructionAt, meta, type DockerfileRule } from './rule';

export const entrypointScriptBackground: DockerfileRule = {
  meta: meta({
    id: 'entrypoint-script-background',
    appliesTo: 'dockerfile',
    description:
      'an entrypoint script that backgrounds the main process, or polls it and `exit 1`s',
    defaultSeverity: 'warning',
    title: 'Entrypoint script backgrounds the main process or polls and exits',
    why: 'A start script that backgrounds the app, polls it and `exit 1`s ends the container with exit 1 when the poll gives up, which reads like a crash or an OOM kill (see the rule page).',
    fixable: false,
  }),
  check(ctx) {
    const rt = ctx.runtime;
    if (!rt) return;
    for (const layer of allLayers(rt.layer)) {
      if (layer.kind !== 'script') continue;
      const a = layer.analysis;
      const bad =
        a.ending === 'poll-exit' ||
        a.ending === 'background' ||
        (a.ending === 'background-wait' && !a.trapForwards);
      if (!bad) continue;
      const script = layer.file.relativePath;
      const lines = new LineIndex(layer.file.text);
      const file = ctx.context.pathOf(script);
      const related: RelatedLocation[] = [];
      const at = (span: { start: number; end: number } | null, message: string): void => {
        if (span) related.push({ path: file, range: lines.range(span.start, span.end), message });
      };
      const main = a.mainWords.map((w) => w.value ?? '…').join(' ');
      let message: string;
      if (a.ending === 'poll-exit') {
        message = `${script} polls in a sleep loop and exits non-zero when the poll times out: the container then dies with that code while the app may be fine. Make the program the container's command (\`exec\` it) and leave health to HEALTHCHECK.`;
        at(a.main, 'started here');
        at(a.pollLoop, 'polling loop');
        at(a.exitNonZero, 'exits non-zero');
      } else if (a.ending === 'background') {
        message = `${script} runs \`${main}\` in the background and stays PID 1 without waiting for it: TERM never reaches it, and the container's fate follows the script, not the app. \`exec\` the program instead.`;
        at(a.main, 'backgrounded here');
      } else {
        message = `${script} backgrounds \`${main}\` and \`wait\`s without a TERM trap that forwards the signal: \`docker stop\` waits the grace period, then SIGKILL. \`exec\` the program, or \`trap 'kill -TERM $pid' TERM\` before \`wait\`.`;
        at(a.main, 'backgrounded here');
      }
      ctx.report({ message, range: instructionAt(rt, Math.max(0, layer.at)).range, related });
      return;
    }
  },
};
