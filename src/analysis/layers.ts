// Walking the PID 1 chain of a RuntimeAnalysis.
import type { Layer } from './runtime-model';

/** The layer that ends up as PID 1: follows shells that exec and scripts that end in `exec`. */
export function pid1Layer(layer: Layer): Layer {
  let l = layer;
  for (let i = 0; i < 16; i++) {
    if (l.kind === 'shell-c' && l.stays === false && l.next) l = l.next;
    else if (l.kind === 'script' && l.analysis.ending === 'exec' && l.next) l = l.next;
    else break;
  }
  return l;
}

/** Every layer from PID 1 down (through inits' children and shells' children). */
export function* allLayers(layer: Layer | null): Generator<Layer> {
  let l = layer;
  for (let i = 0; l && i < 16; i++) {
    yield l;
    l = l.kind === 'init' ? l.child : l.kind === 'shell-c' || l.kind === 'script' ? l.next : null;
  }
}
