// The JSON contract of a process snapshot (`container-doctor ps --format json`, the MCP
// server's and the VS Code tools' process_tree): the tree, zombies, and PID 1 with the
// model's verdict (the keys of `lint`'s `runtime`). Pure, so every adapter can share it.
import type { RuntimeVerdict } from '../../model/types';
import type { ProcessSnapshot } from './types';

export function processSnapshotJson(s: ProcessSnapshot, verdict: RuntimeVerdict | null = null) {
  return {
    container: { id: s.container.id, name: s.container.name },
    source: s.source,
    pid1: s.pid1 ? { pid: s.pid1.pid, command: s.pid1.command, verdict } : null,
    processes: s.processes.map((p) => ({
      pid: p.pid,
      ppid: p.ppid,
      state: p.state,
      command: p.command,
      threads: p.threads,
    })),
    zombies: {
      count: s.zombies.count,
      parents: s.zombies.parents.map((z) => ({ pid: z.pid, command: z.command, count: z.count })),
    },
  };
}

export type ProcessSnapshotJson = ReturnType<typeof processSnapshotJson>;
