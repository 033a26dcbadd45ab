// An entrypoint script that backgrounds the main process (`app &`) without forwarding TERM,
// or that starts it and polls until `exit 1` (seed 000: three Spring Boot containers exited
// with 1 after ~13 minutes because the start script's curl poll timed out).
import { allLayers } from '../layers';
import { LineIndex } from '../dockerfile/text';
import type { RelatedLocation } from '../types';
import { instructionAt, meta, type Rule } from './rule';

export const entrypointScriptBackground: Rule = {
  meta: meta({
    id: 'entrypoint-script-background',
    defaultSeverity: 'warning',
    title: 'Entrypoint script backgrounds the main process or polls and exits',
    why: 'Seed 000: a start script backgrounded java, polled it with curl every 5 s and `exit 1` after 48 tries: the container died with exit 1, not OOM.',
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
        message = `${script} polls in a sleep loop and exits non-zero when the poll times out (the seed 000 pattern): the container then dies with that code while the app may be fine. Make the program the container's command (\`exec\` it) and leave health to HEALTHCHECK.`;
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
