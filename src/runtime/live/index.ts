// The live model of an engine: one session, its containers and their PID 1, and the
// questions commands ask of it (which workspace Dockerfile, what to pick from).
export * from './model';
export * from './dockerfile-verdict';
export * from './workspace-dockerfile';
export * from './choices';
export * from './engines';
