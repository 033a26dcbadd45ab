// "add tini": install tini the way the base family does, before the final USER switch, and
// wrap the existing ENTRYPOINT (tini first, `--`, then the old entrypoint) rather than
// replace it. Distroless/scratch/BusyBox: copy the static tini from a Debian builder stage.
import type { Fix, TextEdit } from '../types';
import type { DockerfileModel, Instruction } from '../dockerfile/model';
import { families, fedoraTini, isFedora } from '../../model/knowledge/images';
import type { RuntimeAnalysis } from '../runtime-model';
import { execFormText } from './json';

const TINI_STAGE = 'tini-static';
const TINI_BUILDER = [
  `FROM debian:bookworm-slim AS ${TINI_STAGE}`,
  'RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*',
];

type InstalledInit = { name: 'tini' | 'dumb-init'; path: string; ins: Instruction } | null;

// init-misuse and its fix both ask, once per analysis.
const installedInitOf = new WeakMap<RuntimeAnalysis, InstalledInit>();

/** An init already installed in the chain (RUN … install tini|dumb-init, COPY … tini): name and path. */
export function installedInit(rt: RuntimeAnalysis): InstalledInit {
  if (installedInitOf.has(rt)) return installedInitOf.get(rt)!;
  const found = findInstalledInit(rt);
  installedInitOf.set(rt, found);
  return found;
}

function findInstalledInit(rt: RuntimeAnalysis): InstalledInit {
  const install =
    /\b(apk\s+add|apt-get\s+install|apt\s+install|dnf\s+install|microdnf\s+install|yum\s+install|pip3?\s+install)\b[^\n]*?\b(tini|dumb-init)\b/;
  for (const s of rt.command.chain) {
    for (const ins of s.instructions) {
      // The pattern needs 'tini' or 'dumb-init': without either, skip its backtracking.
      const m =
        ins.keyword === 'RUN' && (ins.args.includes('tini') || ins.args.includes('dumb-init'))
          ? install.exec(ins.args)
          : null;
      if (m) {
        if (m[2] === 'dumb-init')
          return {
            name: 'dumb-init',
            path: /\bpip/.test(m[1]!) ? '/usr/local/bin/dumb-init' : '/usr/bin/dumb-init',
            ins,
          };
        const fam = rt.family ? families[rt.family] : null;
        const path = /\bapk\b/.test(m[1]!) ? '/sbin/tini' : (fam?.tiniPath ?? '/usr/bin/tini');
        return { name: 'tini', path, ins };
      }
      if (
        (ins.keyword === 'COPY' || ins.keyword === 'ADD') &&
        /\btini(-static)?(-[\w.]+)?\b/.test(ins.args)
      ) {
        const tokens = (ins.json ?? ins.args.split(/\s+/)).filter((t) => !t.startsWith('--'));
        const dest = tokens[tokens.length - 1] ?? '/tini';
        return { name: 'tini', path: dest.endsWith('/') ? `${dest}tini` : dest, ins };
      }
    }
  }
  return null;
}

/** Start of the comment block right above an instruction (it describes that instruction). */
function blockStart(model: DockerfileModel, ins: Instruction): number {
  let line = ins.range.start.line;
  while (line > 0 && /^\s*#/.test(model.lines.lineText(line - 1))) line--;
  return model.lines.starts[line] ?? ins.start;
}

function insertAt(path: string, model: DockerfileModel, offset: number, text: string): TextEdit {
  const p = model.lines.positionAt(offset);
  return { path, range: { start: p, end: p }, newText: text };
}

/** The edits that wrap the current command with `[tini, "--", …]`, or null when the command is unknown. */
function wrapEdits(
  path: string,
  model: DockerfileModel,
  rt: RuntimeAnalysis,
  tini: string,
): TextEdit[] | null {
  const { entrypoint: ep, cmd, shell } = rt.command;
  const stage = rt.stage;
  const inFinal = (ins: Instruction | null): ins is Instruction =>
    ins !== null && ins.stage === stage.index;
  const head = [tini, '--'];
  if (ep && inFinal(ep.instr)) {
    const ins = ep.instr;
    if (ep.form === 'exec') {
      const open = ep.values.length ? ins.argsMap[ins.jsonSpans[0]!.start]! : ins.argsMap[0]! + 1;
      const text = ep.values.length
        ? head.map((h) => JSON.stringify(h)).join(', ') + ', '
        : head.map((h) => JSON.stringify(h)).join(', ');
      return [insertAt(path, model, open, text)];
    }
    const start = ins.argsMap[0]!;
    const end = ins.argsMap[ins.args.length]!;
    const p = model.lines.range(start, end);
    return [{ path, range: p, newText: execFormText([...head, ...shell, ep.values[0]!]) }];
  }
  if (!rt.command.certain && !ep) return null;
  const newEntrypoint = `ENTRYPOINT ${execFormText(
    !ep ? head : ep.form === 'exec' ? [...head, ...ep.values] : [...head, ...shell, ep.values[0]!],
  )}`;
  if (ep?.form !== 'shell' && cmd && inFinal(cmd.instr)) {
    // CMD is set in this stage, so a new ENTRYPOINT before it keeps it.
    return [insertAt(path, model, blockStart(model, cmd.instr), `${newEntrypoint}\n`)];
  }
  if (!ep && !cmd) return null;
  // Inherited (from an earlier stage or a known base image): restate CMD after the new
  // ENTRYPOINT, which would otherwise drop it.
  const lines = [newEntrypoint];
  if (ep?.form !== 'shell' && cmd)
    lines.push(cmd.form === 'exec' ? `CMD ${execFormText(cmd.values)}` : `CMD ${cmd.values[0]}`);
  const last = stage.instructions[stage.instructions.length - 1] ?? stage.from;
  return [insertAt(path, model, last.end, '\n' + lines.join('\n'))];
}

export function addTiniFix(path: string, model: DockerfileModel, rt: RuntimeAnalysis): Fix | null {
  const family = rt.family;
  if (!family || family === 'windows') return null;
  const found = installedInit(rt);
  const have = found?.name === 'tini' ? found : null;
  const edits: TextEdit[] = [];
  let tini: string;
  const stage = rt.stage;
  const before =
    rt.command.lastUser && rt.command.lastUser.stage === stage.index
      ? rt.command.lastUser
      : [rt.command.entrypoint?.instr, rt.command.cmd?.instr]
          .filter((i): i is Instruction => !!i && i.stage === stage.index)
          .sort((a, b) => a.start - b.start)[0];
  const installAt = before ? blockStart(model, before) : null;
  const install = (text: string): void => {
    if (installAt !== null) edits.push(insertAt(path, model, installAt, text + '\n'));
    else {
      const last = stage.instructions[stage.instructions.length - 1] ?? stage.from;
      edits.push(insertAt(path, model, last.end, '\n' + text));
    }
  };
  if (have) tini = have.path;
  else if (families[family].installTini) {
    tini = families[family].tiniPath!;
    install(families[family].installTini!);
  } else if (family === 'rhel' && isFedora(stage.image)) {
    tini = fedoraTini.path;
    install(fedoraTini.install);
  } else if (family === 'distroless' || family === 'scratch' || family === 'busybox') {
    if (model.stages.some((s) => s.name === TINI_STAGE)) return null;
    tini = '/tini';
    edits.push(
      insertAt(path, model, blockStart(model, stage.from), TINI_BUILDER.join('\n') + '\n\n'),
    );
    install(`COPY --from=${TINI_STAGE} /usr/bin/tini-static /tini`);
  } else return null;
  const wrap = wrapEdits(path, model, rt, tini);
  if (!wrap) return null;
  return {
    title: have
      ? `Run ${tini} as PID 1 (wrap the ENTRYPOINT)`
      : `Add tini as PID 1 (install it, then ENTRYPOINT [${JSON.stringify(tini)}, "--", …])`,
    // `--fix` installs a package only where the base family (hence its package manager) and
    // the command are known.
    preferred: rt.command.certain,
    edits: mergeInserts([...edits, ...wrap]),
  };
}

/** Inserts at one position become one edit (their order is then explicit for every client). */
function mergeInserts(edits: TextEdit[]): TextEdit[] {
  const out: TextEdit[] = [];
  for (const e of edits) {
    const prev = out.find(
      (o) =>
        o.range.start.line === e.range.start.line &&
        o.range.start.character === e.range.start.character &&
        o.range.end.line === o.range.start.line &&
        o.range.end.character === o.range.start.character &&
        e.range.end.line === e.range.start.line &&
        e.range.end.character === e.range.start.character,
    );
    if (prev) prev.newText += e.newText;
    else out.push({ ...e });
  }
  return out;
}
