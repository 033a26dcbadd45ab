// A full garbage collection on demand, for the moment the last document closes. V8 collects
// when a thread allocates; an idle language server allocates nothing, so the heap a large
// analysis left (tens of MB of findings and messages, garbage once its document closed) stayed
// in the process until the next edit (measured: RSS 118 MiB 10 s after closing a compose file
// of 3,200 services, 68 MiB before opening it; bench/server-load.bench.ts). The `gc` function
// is exposed the way jest's leak detector does it: the flag, then a fresh context's `gc`.
import v8 from 'node:v8';
import vm from 'node:vm';

let gc: (() => void) | null | undefined;

/** Collect now; false where this V8 does not let us (then memory is collected as usual). */
export function collectGarbage(): boolean {
  if (gc === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc');
      const found: unknown = vm.runInNewContext('typeof gc === "function" ? gc : null');
      gc = typeof found === 'function' ? (found as () => void) : null;
    } catch {
      gc = null; // a V8 that refuses the flag: V8 collects on its own schedule
    }
  }
  if (!gc) return false;
  // Several times: the first collection frees the objects, the pages they held go back to the
  // system at later ones (measured on Node 20 after dropping 270 MiB of small objects: RSS
  // 356 MiB after one collection, 298 after two, 88 after four).
  for (let i = 0; i < 4; i++) gc();
  return true;
}
