// Memory sizes as each tool writes them. Every parser returns bytes, or null for text the
// tool itself would not accept (then nothing is concluded from it).

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

export const bytesPerMiB = MiB;

const binary: Record<string, number> = {
  '': 1,
  k: KiB,
  m: MiB,
  g: GiB,
  t: 1024 * GiB,
  p: 1024 * 1024 * GiB,
};

/**
 * Docker's `-m`/`--memory` and compose's `mem_limit`, `memswap_limit` and
 * `deploy.resources.limits.memory`: a number with an optional unit b, k, m, g (t, p), each
 * optionally followed by `b` (`768m`, `1G`, `1gb`, `512MiB`), binary multiples
 * (docker/go-units RAMInBytes, which the docker CLI and compose use). A bare integer is bytes.
 */
export function parseDockerSize(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : null;
  if (typeof value !== 'string') return null;
  const m = /^(\d+(?:\.\d+)?) ?([kmgtp])?i?b?$/i.exec(value.trim());
  if (!m) return null;
  return Math.floor(Number(m[1]) * binary[(m[2] ?? '').toLowerCase()]!);
}

/** The JVM's size syntax (`-Xmx512m`, `-XX:MaxRAM=2g`): digits, optional k, m, g, t; no unit is bytes. */
export function parseJvmSize(text: string): number | null {
  const m = /^(\d+)([kmgt])?$/i.exec(text);
  if (!m) return null;
  return Number(m[1]) * binary[(m[2] ?? '').toLowerCase()]!;
}

/** GOMEMLIMIT: an integer with B, KiB, MiB, GiB or TiB (runtime/debug.SetMemoryLimit); `off` is none. */
export function parseGoSize(text: string): number | null {
  const m = /^(\d+)(B|KiB|MiB|GiB|TiB)?$/.exec(text.trim());
  if (!m) return null;
  const unit = { '': 1, B: 1, KiB, MiB, GiB, TiB: 1024 * GiB }[m[2] ?? '']!;
  return Number(m[1]) * unit;
}

/** .NET GC settings from the environment are hexadecimal (`0x10000000` or `10000000`). */
export function parseDotnetHex(text: string): number | null {
  const m = /^(?:0x)?([0-9a-f]+)$/i.exec(text.trim());
  return m ? parseInt(m[1]!, 16) : null;
}

/** Human size for messages: `768 MiB`, `1 GiB`, `1.5 GiB`. */
export function formatBytes(bytes: number): string {
  if (bytes >= GiB && bytes % (GiB / 4) === 0) return `${bytes / GiB} GiB`;
  if (bytes >= MiB) return `${Math.round(bytes / MiB)} MiB`;
  if (bytes >= KiB) return `${Math.round(bytes / KiB)} KiB`;
  return `${bytes} B`;
}

/**
 * A size in Docker's syntax, in the style of `like` (the value it replaces): the unit's case
 * and a trailing `b` are kept (`1G` → `1280M`, `1gb` → `1280mb`); whole GiB are written in g.
 */
export function formatDockerSize(bytes: number, like = 'm'): string {
  const m = /([kmgtp])(i?b)?$/i.exec(like.trim());
  const upper = m ? m[1] === m[1]!.toUpperCase() : false;
  const suffix = m?.[2] ?? '';
  const [n, unit] = bytes % GiB === 0 ? [bytes / GiB, 'g'] : [Math.ceil(bytes / MiB), 'm'];
  return `${n}${upper ? unit.toUpperCase() : unit}${suffix}`;
}

/** Round up to a multiple of `step` bytes. */
export function roundUp(bytes: number, step: number): number {
  return Math.ceil(bytes / step) * step;
}
