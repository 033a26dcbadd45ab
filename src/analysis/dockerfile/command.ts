// The final stage's effective command with Docker's rules: exec-form ENTRYPOINT + CMD as its
// arguments; shell-form ENTRYPOINT ignores CMD; an ENTRYPOINT in a stage drops an inherited
// CMD; what a stage does not set comes from its base (an earlier stage, a known official
// image, or "unknown").
import { inheritedConfig } from '../../model/knowledge/images';
import { normaliseSignal } from '../../model/knowledge/signals';
import { resolvePath } from '../../model/paths';
import { parseAssignments, type DockerfileModel, type Instruction, type Stage } from './model';

export interface CommandPart {
  form: 'exec' | 'shell';
  /** Exec form: the array. Shell form: [the command string]. */
  values: string[];
  /** Null when inherited from an external image. */
  instr: Instruction | null;
}

export interface CopySource {
  sources: string[];
  /** Absolute destination; ends with '/' when it is a directory. */
  dest: string;
  instr: Instruction;
  /** Files written by a heredoc in the Dockerfile (`COPY <<EOF /start.sh`, `RUN cat > /x <<EOF`). */
  inline?: InlineFile[];
}

/** `COPY --from=STAGE SOURCES DEST` in the final stage's chain: files built in another stage. */
export interface StageCopy {
  /** The `--from` value: a stage name, a stage index or an image. */
  from: string;
  sources: string[];
  /** Absolute destination; ends with '/' when it is a directory. */
  dest: string;
  instr: Instruction;
}

export interface InlineFile {
  /** The heredoc's delimiter (BuildKit names a file copied into a directory after it). */
  name: string;
  text: string;
  /** Document offset of the body's first character. */
  offset: number;
}

export interface EffectiveCommand {
  entrypoint: CommandPart | null;
  cmd: CommandPart | null;
  /** The process Docker starts (argv), null when nothing is known or nothing is set. */
  argv: string[] | null;
  /** argv came from a shell form: [...shell, string]. */
  shellForm: CommandPart | null;
  shell: string[];
  stopSignal: string;
  /** The base image's entrypoint script is known to exec its arguments (docker-entrypoint.sh). */
  transparentEntrypoint: boolean;
  /** ENTRYPOINT/CMD may come from a base image we know nothing about. */
  certain: boolean;
  /** External image at the root of the final stage's chain. */
  rootImage: string;
  env: Map<string, { value: string; instr: Instruction }>;
  workdir: string;
  copies: CopySource[];
  /** Files copied from other build stages (or images) with `--from`. */
  stageCopies: StageCopy[];
  /** Final stage's last USER instruction. */
  lastUser: Instruction | null;
  /** Instructions of the chain (root stage first), for rules that search RUN/ENV. */
  chain: Stage[];
}

export function stageChain(model: DockerfileModel, stage: Stage): Stage[] {
  const chain: Stage[] = [];
  const seen = new Set<number>();
  let s: Stage | undefined = stage;
  while (s && !seen.has(s.index)) {
    seen.add(s.index);
    chain.unshift(s);
    s = s.parent !== null ? model.stages[s.parent] : undefined;
  }
  return chain;
}

function part(ins: Instruction): CommandPart {
  return ins.json
    ? { form: 'exec', values: ins.json, instr: ins }
    : { form: 'shell', values: [ins.args], instr: ins };
}

export { resolvePath };

export function effectiveCommand(model: DockerfileModel, stage: Stage): EffectiveCommand {
  const chain = stageChain(model, stage);
  const rootImage = chain[0]!.image;
  const inherited = inheritedConfig(rootImage);
  let entrypoint: CommandPart | null = inherited?.entrypoint
    ? { form: 'exec', values: inherited.entrypoint, instr: null }
    : null;
  let cmd: CommandPart | null = inherited?.cmd
    ? { form: 'exec', values: inherited.cmd, instr: null }
    : null;
  let transparent = inherited?.entrypointExecs ?? false;
  let stopSignal = inherited?.stopSignal ? normaliseSignal(inherited.stopSignal) : 'TERM';
  let entrypointKnown = inherited !== null;
  let shell = ['/bin/sh', '-c'];
  let workdir = '/';
  let lastUser: Instruction | null = null;
  const env = new Map<string, { value: string; instr: Instruction }>();
  const copies: CopySource[] = [];
  const stageCopies: StageCopy[] = [];
  for (const s of chain) {
    let cmdSet = false;
    for (const ins of s.instructions) {
      switch (ins.keyword) {
        case 'SHELL':
          if (ins.json && ins.json.length > 0) shell = ins.json;
          break;
        case 'CMD':
          cmd = part(ins);
          cmdSet = true;
          break;
        case 'ENTRYPOINT':
          entrypoint = part(ins);
          entrypointKnown = true;
          transparent = false;
          if (!cmdSet) cmd = null;
          break;
        case 'STOPSIGNAL':
          stopSignal = normaliseSignal(ins.args);
          break;
        case 'WORKDIR':
          workdir = resolvePath(workdir, ins.args.replace(/^["']|["']$/g, ''));
          break;
        case 'USER':
          if (s === stage) lastUser = ins;
          break;
        case 'ENV':
          for (const [k, v] of parseAssignments(ins.args)) env.set(k, { value: v, instr: ins });
          break;
        case 'RUN': {
          const written = heredocFiles(ins);
          if (written.length === 1 && /^\s*cat\b/.test(ins.args)) {
            const target = /^\s*cat\b[^\n>]*>\s*(\S+)/.exec(ins.args)?.[1];
            if (target && !target.startsWith('<<'))
              copies.push({
                sources: [],
                dest: resolvePath(workdir, target.replace(/^["']|["']$/g, '')),
                instr: ins,
                inline: written,
              });
          }
          break;
        }
        case 'COPY':
        case 'ADD': {
          if (!ins.json && /^[^\n]*<<-?["']?\w/.test(ins.args)) {
            const firstLine = ins.args.split('\n', 1)[0]!.split(/\s+/).filter(Boolean);
            const rawDest = firstLine
              .filter((t) => !t.startsWith('--') && !t.startsWith('<<'))
              .pop();
            const inline = heredocFiles(ins);
            if (rawDest && inline.length) {
              const dest = resolvePath(workdir, rawDest);
              const isDir = rawDest.endsWith('/') || inline.length > 1;
              copies.push({
                sources: [],
                dest: isDir && !dest.endsWith('/') ? dest + '/' : dest,
                instr: ins,
                inline,
              });
            }
            break;
          }
          const tokens = ins.json ?? ins.args.split(/\s+/).filter(Boolean);
          // The flags are outside the JSON array in the exec form (`COPY --from=b ["a", "b"]`).
          const from = /--from=(\S+)/i.exec(ins.args)?.[1];
          const plain = tokens.filter((t) => !t.startsWith('--') && !t.startsWith('<<'));
          if (plain.length < 2) break;
          const rawDest = plain[plain.length - 1]!;
          const dest = resolvePath(workdir, rawDest);
          const sources = plain.slice(0, -1);
          const isDir = rawDest.endsWith('/') || sources.length > 1;
          if (from) {
            stageCopies.push({
              from: from.replace(/^["']|["']$/g, ''),
              sources,
              dest: isDir && !dest.endsWith('/') ? dest + '/' : dest,
              instr: ins,
            });
            break;
          }
          copies.push({
            sources,
            dest: isDir && !dest.endsWith('/') ? dest + '/' : dest,
            instr: ins,
          });
          break;
        }
      }
    }
  }
  let argv: string[] | null = null;
  let shellForm: CommandPart | null = null;
  if (entrypoint) {
    if (entrypoint.form === 'shell') {
      argv = [...shell, entrypoint.values[0]!];
      shellForm = entrypoint;
    } else {
      argv = [...entrypoint.values];
      if (cmd) argv.push(...(cmd.form === 'exec' ? cmd.values : [...shell, cmd.values[0]!]));
      if (cmd?.form === 'shell' && entrypoint.values.length === 0) shellForm = cmd;
    }
  } else if (cmd) {
    if (cmd.form === 'exec') argv = [...cmd.values];
    else {
      argv = [...shell, cmd.values[0]!];
      shellForm = cmd;
    }
  }
  if (argv && argv.length === 0) argv = null;
  return {
    entrypoint,
    cmd,
    argv,
    shellForm,
    shell,
    stopSignal,
    transparentEntrypoint: transparent,
    certain: entrypointKnown,
    rootImage,
    env,
    workdir,
    copies,
    stageCopies,
    lastUser,
    chain,
  };
}

/**
 * The heredoc bodies of an instruction, in order (`<<EOF`, `<<-EOF` with leading tabs
 * stripped, `<<'EOF'`, `<<"EOF"`), as BuildKit reads them (Dockerfile reference, "Here-Documents").
 */
export function heredocFiles(ins: Instruction): InlineFile[] {
  const nl = ins.args.indexOf('\n');
  if (nl < 0) return [];
  const heads = [...ins.args.slice(0, nl).matchAll(/<<(-?)\s*(["']?)([\w.-]+)\2/g)];
  const out: InlineFile[] = [];
  let pos = nl + 1;
  for (const h of heads) {
    const strip = h[1] === '-';
    const delimiter = h[3]!;
    const lines: string[] = [];
    const start = pos;
    let closed = false;
    while (pos <= ins.args.length) {
      const end = ins.args.indexOf('\n', pos);
      const line = ins.args.slice(pos, end < 0 ? ins.args.length : end);
      pos = end < 0 ? ins.args.length + 1 : end + 1;
      if ((strip ? line.replace(/^\t+/, '') : line) === delimiter) {
        closed = true;
        break;
      }
      lines.push(strip ? line.replace(/^\t+/, '') : line);
    }
    if (!closed) break;
    out.push({
      name: delimiter,
      text: lines.map((l) => l + '\n').join(''),
      offset: ins.argsMap[start] ?? ins.start,
    });
  }
  return out;
}
