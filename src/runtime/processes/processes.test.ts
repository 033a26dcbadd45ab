// Tree, zombie and parser logic on process data captured from the real daemon
// (Docker 20.10, cgroup v1) by test/docker/explorer/capture-fixtures.ts.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildProcessTree,
  childrenForDisplay,
  entriesFromExecOutput,
  handlesSigterm,
  invisibleZombies,
  parseStatus,
  renderTreeText,
  rowsFromProcEntries,
  rowsFromTop,
  summarizeZombies,
  type ProcessRow,
  type RawProcEntry,
  type TopResponse,
} from './index';

interface Fixture {
  statePid: number;
  host: RawProcEntry[];
  top: TopResponse;
  pidsCurrent: number;
  execOutput: string;
}

const load = (name: string): Fixture =>
  JSON.parse(readFileSync(join(__dirname, 'fixtures', `${name}.json`), 'utf8')) as Fixture;

describe('PID 1 that never reaps: 5 orphaned sleeps (busybox)', () => {
  const fx = load('busybox-5-orphan-zombies');

  test('host /proc: 5 zombies, parent PID 1 named, container-side PIDs', () => {
    const rows = rowsFromProcEntries(fx.host, { readerIsHost: true });
    const z = summarizeZombies(rows);
    assert.equal(z.count, 5);
    assert.deepEqual(z.parents, [{ pid: 1, command: 'sleep 1000', count: 5 }]);
    const pid1 = rows.find((r) => r.pid === 1);
    assert.equal(pid1?.hostPid, fx.statePid);
    assert.equal(pid1?.ppid, 0);
    for (const r of rows.filter((x) => x.state === 'Z')) {
      assert.equal(r.command, '[sleep] <defunct>');
      assert.equal(r.rssKb, undefined);
    }
    const [root] = buildProcessTree(rows, 1);
    assert.equal(root.row.pid, 1);
    assert.equal(root.unreapedChildren, 5);
  });

  test('API top omits the zombies; pids_stats.current reveals 5', () => {
    const rows = rowsFromTop(fx.top);
    assert.equal(rows.length, 1);
    assert.equal(rows[0].pid, fx.statePid);
    assert.equal(fx.pidsCurrent, 6);
    assert.equal(invisibleZombies(rows, fx.pidsCurrent), 5);
    const z = summarizeZombies(rows, invisibleZombies(rows, fx.pidsCurrent));
    assert.deepEqual(z, { count: 5, parents: [], unattributed: 5 });
  });

  test('exec reader: same view as host /proc, its own sh left out', () => {
    const rows = rowsFromProcEntries(entriesFromExecOutput(fx.execOutput), { readerIsHost: false });
    assert.deepEqual(
      rows.map((r) => [r.pid, r.ppid, r.state]),
      rowsFromProcEntries(fx.host, { readerIsHost: true }).map((r) => [r.pid, r.ppid, r.state]),
    );
    assert.ok(!rows.some((r) => /@@/.test(r.command) || /^cat|^tr /.test(r.command)));
  });
});

describe('tini as PID 1 reaps the same workload', () => {
  const fx = load('busybox-tini-reaps');
  test('zero zombies from every source', () => {
    const host = rowsFromProcEntries(fx.host, { readerIsHost: true });
    assert.equal(summarizeZombies(host).count, 0);
    assert.match(host.find((r) => r.pid === 1)!.command, /^\/sbin\/tini -- /);
    assert.equal(invisibleZombies(rowsFromTop(fx.top), fx.pidsCurrent), 0);
    const ex = rowsFromProcEntries(entriesFromExecOutput(fx.execOutput), { readerIsHost: false });
    assert.equal(summarizeZombies(ex).count, 0);
  });
});

describe('a zombie whose parent is not PID 1', () => {
  const fx = load('busybox-nested-parent');
  test('the parent named is the non-reaping child, nested under PID 1', () => {
    const rows = rowsFromProcEntries(fx.host, { readerIsHost: true });
    const z = summarizeZombies(rows);
    assert.deepEqual(z.parents, [{ pid: 6, command: 'sleep 999', count: 1 }]);
    const [root] = buildProcessTree(rows, 1);
    assert.equal(root.children.length, 1);
    assert.equal(root.children[0].row.command, 'sleep 999');
    assert.equal(root.children[0].unreapedChildren, 1);
    assert.equal(root.children[0].children[0].row.state, 'Z');
  });
  test('the API counts it but cannot name its parent', () => {
    const rows = rowsFromTop(fx.top);
    assert.equal(invisibleZombies(rows, fx.pidsCurrent), 1);
    const tree = buildProcessTree(rows, fx.statePid);
    assert.equal(tree[0].row.pid, fx.statePid);
    assert.equal(tree[0].children[0].row.command, 'sleep 999');
  });
});

describe('threads count as pids_stats tasks', () => {
  const fx = load('debian-dash-python-threads');
  test('python with 3 extra threads: pids.current 6 = 1 + 4 + 1, no zombies', () => {
    const rows = rowsFromTop(fx.top);
    const python = rows.find((r) => r.command.startsWith('python3'));
    assert.equal(python?.threads, 4);
    assert.equal(fx.pidsCurrent, 6);
    assert.equal(invisibleZombies(rows, fx.pidsCurrent), 0);
    const host = rowsFromProcEntries(fx.host, { readerIsHost: true });
    assert.equal(host.find((r) => r.command.startsWith('python3'))?.threads, 4);
    assert.ok(!host.some((r) => r.command.includes('\n')));
  });
});

describe('status parsing', () => {
  test('SigCgt bit 15 is SIGTERM', () => {
    const sleep = parseStatus(load('busybox-5-orphan-zombies').host[0].status);
    assert.equal(handlesSigterm(sleep), false);
    const withHandler = parseStatus('Name:\tsh\nState:\tS (sleeping)\nSigCgt:\t0000000000004002\n');
    assert.equal(handlesSigterm(withHandler), true);
    assert.equal(handlesSigterm(parseStatus('Name:\tx\n')), undefined);
  });
});

describe('huge trees are capped', () => {
  const rows: ProcessRow[] = [
    { pid: 1, hostPid: 100, ppid: 0, state: 'S', command: 'npm start', threads: 1, rssKb: 1000 },
    {
      pid: 2,
      hostPid: 101,
      ppid: 1,
      state: 'S',
      command: 'node server.js',
      threads: 7,
      rssKb: 9000,
    },
  ];
  for (let i = 0; i < 10_000; i++)
    rows.push({
      pid: 10 + i,
      hostPid: 200 + i,
      ppid: 1,
      state: 'Z',
      command: '[chrome] <defunct>',
      threads: 1,
      rssKb: undefined,
    });
  test('10,000 zombies: counted exactly, live children first, the rest summarised', () => {
    const [root] = buildProcessTree(rows, 1);
    const z = summarizeZombies(rows);
    assert.equal(z.count, 10_000);
    assert.deepEqual(z.parents, [{ pid: 1, command: 'npm start', count: 10_000 }]);
    const display = childrenForDisplay(root, 100);
    assert.equal(display.shown.length, 100);
    assert.equal(display.shown[0].row.command, 'node server.js');
    assert.equal(display.hidden, 9_901);
    assert.equal(display.hiddenZombies, 9_901);
    const text = renderTreeText([root], { cap: 20 });
    assert.match(text, /… 9981 more \(9981 zombies\)/);
    assert.ok(text.split('\n').length < 30);
  });
});
