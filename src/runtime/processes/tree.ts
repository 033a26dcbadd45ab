// Pure tree logic: nest processes by parent, count unreaped children per parent,
// and cap what a UI shows so 10,000 zombies stay one click away, not 10,000 rows.
import type { ProcessRow, ZombieParent, ZombieSummary } from './types';

export interface ProcessTreeNode {
  row: ProcessRow;
  children: ProcessTreeNode[];
  /** Direct children in state Z: zombies this process has not reaped. */
  unreapedChildren: number;
}

/**
 * Nest rows by ppid. Roots are rows whose parent is not listed (PID 1, and
 * `docker exec` processes whose parent lives outside the container). PID 1 first.
 * Cycles cannot occur in real data; a defensive visited set keeps a corrupt input finite.
 */
export function buildProcessTree(
  rows: readonly ProcessRow[],
  pid1: number | undefined,
): ProcessTreeNode[] {
  const nodes = new Map<number, ProcessTreeNode>();
  for (const row of rows) nodes.set(row.pid, { row, children: [], unreapedChildren: 0 });
  const roots: ProcessTreeNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.row.ppid !== node.row.pid ? nodes.get(node.row.ppid) : undefined;
    if (parent && node.row.pid !== pid1) {
      parent.children.push(node);
      if (node.row.state === 'Z') parent.unreapedChildren++;
    } else roots.push(node);
  }
  // Live children before zombies, each by pid: the interesting rows stay on top.
  const order = (a: ProcessTreeNode, b: ProcessTreeNode): number =>
    Number(a.row.state === 'Z') - Number(b.row.state === 'Z') || a.row.pid - b.row.pid;
  for (const node of nodes.values()) node.children.sort(order);
  roots.sort((a, b) => (a.row.pid === pid1 ? -1 : b.row.pid === pid1 ? 1 : a.row.pid - b.row.pid));
  return roots;
}

/** Zombie count and the parents that leave them, from listed rows plus an unlisted count. */
export function summarizeZombies(rows: readonly ProcessRow[], unattributed = 0): ZombieSummary {
  const byPid = new Map(rows.map((r) => [r.pid, r]));
  const counts = new Map<number, number>();
  let listed = 0;
  for (const row of rows) {
    if (row.state !== 'Z') continue;
    listed++;
    counts.set(row.ppid, (counts.get(row.ppid) ?? 0) + 1);
  }
  const parents: ZombieParent[] = [...counts.entries()]
    .map(([pid, count]) => ({
      pid,
      command: byPid.get(pid)?.command ?? '(outside the container)',
      count,
    }))
    .sort((a, b) => b.count - a.count || a.pid - b.pid);
  return { count: listed + unattributed, parents, unattributed };
}

export interface DisplayChildren {
  shown: ProcessTreeNode[];
  /** Children not shown (the "N more" node). */
  hidden: number;
  hiddenZombies: number;
}

/**
 * The children a UI should render for one node: at most `cap`, live ones first
 * (they are sorted that way). What is left is summarised, never rendered.
 */
export function childrenForDisplay(
  node: { children: ProcessTreeNode[] },
  cap: number,
): DisplayChildren {
  if (node.children.length <= cap) return { shown: node.children, hidden: 0, hiddenZombies: 0 };
  const shown = node.children.slice(0, cap);
  const rest = node.children.slice(cap);
  return {
    shown,
    hidden: rest.length,
    hiddenZombies: rest.filter((n) => n.row.state === 'Z').length,
  };
}

/** Text rendering used by the CLI: indented tree, zombies marked, capped per parent. */
export function renderTreeText(
  roots: readonly ProcessTreeNode[],
  options: { cap?: number; pidNumbering?: 'container' | 'host' } = {},
): string {
  const cap = options.cap ?? 50;
  const lines: string[] = [];
  const walk = (node: ProcessTreeNode, prefix: string, last: boolean, depth: number): void => {
    const r = node.row;
    const branch = depth === 0 ? '' : last ? '└─ ' : '├─ ';
    const extras = [
      r.threads > 1 ? `${r.threads} threads` : '',
      r.rssKb !== undefined && r.state !== 'Z' ? `${formatKb(r.rssKb)}` : '',
      node.unreapedChildren > 0 ? `${node.unreapedChildren} unreaped children` : '',
    ].filter(Boolean);
    const zombie = r.state === 'Z' ? '  ZOMBIE' : '';
    lines.push(
      `${prefix}${branch}${String(r.pid).padStart(depth === 0 ? 0 : 0)} ${r.state} ${r.command}${zombie}${extras.length ? `  (${extras.join(', ')})` : ''}`,
    );
    const childPrefix = depth === 0 ? '' : prefix + (last ? '   ' : '│  ');
    const { shown, hidden, hiddenZombies } = childrenForDisplay(node, cap);
    shown.forEach((c, i) =>
      walk(
        c,
        depth === 0 ? prefix : childPrefix,
        i === shown.length - 1 && hidden === 0,
        depth + 1,
      ),
    );
    if (hidden > 0)
      lines.push(
        `${depth === 0 ? prefix : childPrefix}└─ … ${hidden} more${hiddenZombies ? ` (${hiddenZombies} zombies)` : ''}`,
      );
  };
  roots.forEach((r) => walk(r, '', true, 0));
  return lines.join('\n');
}

export function formatKb(kb: number): string {
  if (kb >= 1024 * 1024) return `${(kb / 1024 / 1024).toFixed(1)} GiB`;
  if (kb >= 1024) return `${(kb / 1024).toFixed(1)} MiB`;
  return `${kb} KiB`;
}
