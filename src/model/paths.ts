// Paths inside the image, as the kernel and a shell's `cd` resolve them.

/** `p` against the directory `base` (`..` and `.` folded); keeps a trailing '/' of `p`. */
export function resolvePath(base: string, p: string): string {
  const joined = p.startsWith('/') ? p : `${base.replace(/\/$/, '')}/${p}`;
  const out: string[] = [];
  for (const seg of joined.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return '/' + out.join('/') + (p.endsWith('/') && out.length ? '/' : '');
}
