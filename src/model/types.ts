// The model's answer, shared by every surface (Dockerfile verdict, explorer, ps, audit).

/** Who runs as PID 1 when the image starts, and what it does with signals and orphans. */
export interface RuntimeVerdict {
  pid1: { program: string; argv: string[] } | null;
  /** PID 1 is (or is started through) a `sh -c` of the shell form. */
  viaShell: boolean;
  /** `docker stop` ends it before the grace period; null where it cannot be known. */
  gracefulStop: boolean | null;
  reapsZombies: boolean | null;
  /** The init in front of the program (tini, dumb-init, ...), null when none. */
  init: string | null;
  /** Why, in order, each a sentence a user can check. */
  reasons: string[];
}
