// A shell script on the PID 1 chain (ENTRYPOINT/CMD, or what they run) with Windows line
// endings. Measured here 2026-11-22 on the lab images (dash and BusyBox ash), a script
// `#!/bin/sh\r\n…` COPY'd from the context:
// - exec form `ENTRYPOINT ["/entrypoint.sh"]`: exit 1, "exec /entrypoint.sh: no such file or
//   directory" (the kernel looks for the interpreter `/bin/sh\r`);
// - shell form `CMD /entrypoint.sh`: exit 127, "/bin/sh: 1: /entrypoint.sh: not found";
// - `CMD ["sh", "/entrypoint.sh"]`: the script runs, but each line's last word keeps the
//   `\r` (`sleep 1\r`: "invalid time interval '1\r'"), exit 1.
import { allLayers } from '../layers';
import { LineIndex } from '../dockerfile/text';
import { shellNames } from '../../model/knowledge/programs';
import type { Layer } from '../runtime-model';
import type { ImageFile as ContextFile } from '../../model/pid1';
import type { Fix } from '../types';
import { instructionAt, meta, type DockerfileRule } from './rule';

function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

type StartedBy = 'kernel-exec' | 'kernel-sh-c' | 'kernel-init' | 'shell-argument';

/** How the script is started: by the kernel from its shebang, or as a shell's argument. */
function startedBy(argv: string[], parent: Layer | null): StartedBy {
  if (argv.length > 1 && shellNames.has(basename(argv[0]!))) return 'shell-argument';
  if (parent?.kind === 'shell-c') return 'kernel-sh-c';
  if (parent?.kind === 'init') return 'kernel-init';
  return 'kernel-exec';
}

function message(file: ContextFile, how: StartedBy): string {
  const script = file.relativePath;
  const nl = file.text.indexOf('\n');
  const shebang = file.text.slice(0, nl >= 0 ? nl : file.text.length).replace(/\r$/, '');
  const head = `${script} has Windows (CRLF) line endings`;
  if (how === 'shell-argument' || !file.text.slice(0, nl + 1).endsWith('\r\n'))
    return `${head}: the shell keeps each line's carriage return as part of its last word (measured: \`sleep 1\\r\` fails with "invalid time interval", exit 1), so the script's commands get arguments they were never given. Convert the file to LF line endings.`;
  const [interpreter, arg] = shebang.replace(/^#!\s*/, '').split(/\s+/);
  if (interpreter?.endsWith('/env') && arg) {
    const measured =
      how === 'kernel-init'
        ? ''
        : ` (measured with \`#!/usr/bin/env bash\`: exit 127, "${interpreter}: 'bash\\r': No such file or directory")`;
    return `${head}: its first line makes \`${interpreter}\` look for the program \`${arg}\\r\`, which does not exist, so the container cannot start${measured}. Convert the file to LF line endings.`;
  }
  if (arg)
    return `${head}: its first line passes \`${arg}\\r\` to \`${interpreter ?? ''}\` (not measured here; an option with a carriage return is usually rejected), and every other line keeps its carriage return too. Convert the file to LF line endings.`;
  const kernel = `its first line asks the kernel for the interpreter \`${interpreter ?? ''}\\r\`, which does not exist, so the container cannot start`;
  const measured =
    how === 'kernel-sh-c'
      ? ` (measured through \`/bin/sh -c\`: exit 127, "${basename(script)}: not found")`
      : how === 'kernel-exec'
        ? ' (measured in exec form: exit 1, "exec …: no such file or directory")'
        : '';
  return `${head}: ${kernel}${measured}. Convert the file to LF line endings.`;
}

export const scriptCrlf: DockerfileRule = {
  meta: meta({
    id: 'script-crlf',
    appliesTo: 'dockerfile',
    description:
      'an entrypoint script with CRLF line endings (`#!/bin/sh\\r`: exit 127, or exit 1 in exec form, with the reason only in the log)',
    defaultSeverity: 'error',
    title: 'Entrypoint script with Windows (CRLF) line endings',
    why: 'Measured: a `#!/bin/sh\\r` script as ENTRYPOINT exits 1 ("no such file or directory"), through `/bin/sh -c` exits 127 ("not found"); run as `sh script` its commands get a trailing carriage return.',
    fixable: true,
  }),
  check(ctx) {
    const rt = ctx.runtime;
    if (!rt) return;
    let parent: Layer | null = null;
    const seen = new Set<string>();
    for (const layer of allLayers(rt.layer)) {
      const p = parent;
      parent = layer;
      // A shell script breaks on any CR; a script for another interpreter only on a CR in its
      // shebang line, which the kernel reads (measured: a python script with an LF shebang and
      // a CRLF body ran normally).
      const file =
        layer.kind === 'script'
          ? layer.file
          : layer.kind === 'program' && layer.script && /^[^\n]*\r\n/.test(layer.script.text)
            ? layer.script
            : null;
      if (!file || !file.text.includes('\r\n')) continue;
      const { relativePath, text } = file;
      if (seen.has(relativePath)) continue;
      seen.add(relativePath);
      const how =
        layer.kind === 'script' || layer.kind === 'program'
          ? startedBy(layer.argv, p)
          : 'kernel-exec';
      const lines = new LineIndex(text);
      const path = ctx.context.pathOf(relativePath);
      const firstLineEnd = text.indexOf('\r\n');
      const fix: Fix = {
        title: `Convert ${relativePath} to LF line endings`,
        preferred: true,
        edits: [{ path, range: lines.range(0, text.length), newText: text.replace(/\r\n/g, '\n') }],
      };
      ctx.report({
        message: message(file, how),
        range: instructionAt(rt, Math.max(0, layer.at)).range,
        related: [
          {
            path,
            range: lines.range(0, firstLineEnd),
            message: 'this line ends in a carriage return (\\r)',
          },
        ],
        fixes: [fix],
      });
    }
  },
};
