// Containers as the explorer and audit see them: listing, badges, PID 1 judgement,
// memory updates, timed stop, and where the Dockerfile is (no vscode).
export * from './model';
// The model-backed judge (./pid1) is imported by name where it runs in process, so this
// barrel does not carry the model and its shell parser into the extension's bundle.
export * from './judgement';
export * from './list';
export * from './dockerfile';
