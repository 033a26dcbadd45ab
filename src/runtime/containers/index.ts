// Containers as the explorer and audit see them: listing, badges, PID 1 judgement,
// memory updates, timed stop, and where the Dockerfile is (no vscode).
export * from './model';
export * from './pid1';
export * from './list';
export * from './dockerfile';
