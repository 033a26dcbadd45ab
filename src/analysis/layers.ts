// Walking the PID 1 chain of a RuntimeAnalysis (the model's walkers, under their old names).
export { pid1LayerOf as pid1Layer, allLayers } from '../model/pid1';
