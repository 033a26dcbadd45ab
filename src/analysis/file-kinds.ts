// Which files the engine reads, by name: Dockerfiles and compose files.

/** Is this path a compose file (by name)? */
export function isComposeFile(path: string): boolean {
  const base = path.split(/[\\/]/).pop() ?? '';
  return /^(docker-)?compose(\.[\w-]+)*\.ya?ml$/i.test(base);
}

/** Is this path a Dockerfile (by name)? Dockerfile, *.Dockerfile, Dockerfile.*, Containerfile(.*). */
export function isDockerfile(path: string): boolean {
  const base = path.split(/[\\/]/).pop() ?? '';
  return (
    /^(Dockerfile|Containerfile)(\..+)?$/i.test(base) || /\.(Dockerfile|Containerfile)$/i.test(base)
  );
}
