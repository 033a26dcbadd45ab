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
  /**
   * The main program receives the stop signal itself, so its own handler runs (false: only a
   * shell or an init in front of it gets the signal and the program is SIGKILLed when the
   * container ends). Undefined where a surface does not compute it.
   */
  appGetsStopSignal?: boolean | null;
  /** The container cannot start: the exit code (null: the build fails) and the message Docker or the shell gives. */
  cannotStart?: { exitCode: number | null; error: string } | null;
  /** Why, in order, each a sentence a user can check. */
  reasons: string[];
}
