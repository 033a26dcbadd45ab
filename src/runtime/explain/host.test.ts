// Which dockerd is the host's default engine when a second one runs beside it (a lab engine,
// rootful Podman's docker shim...): the /proc scan must not take the other one.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { dockerdPid } from './host';

const proc = mkdtempSync(path.join(tmpdir(), 'cdoc-proc-'));
after(() => rmSync(proc, { recursive: true, force: true }));

function fakeProcess(pid: number, argv: string[]): void {
  const dir = path.join(proc, String(pid));
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'comm'), `${path.basename(argv[0]!)}\n`);
  writeFileSync(path.join(dir, 'cmdline'), `${argv.join('\0')}\0`);
  writeFileSync(path.join(dir, 'stat'), `${pid} (${path.basename(argv[0]!)}) S 1 1 1`);
}

// The argv of the lab's second engine (scripts/lab-services.sh) and of .ci/run's dockerd.
fakeProcess(100, [
  'dockerd',
  '--data-root',
  '/var/lib/cd-lab/engine2',
  '--pidfile',
  '/run/cd-lab/engine2.pid',
  '--host',
  'unix:///run/cd-lab/engine2.sock',
]);
fakeProcess(200, ['dockerd', '--host', 'unix:///var/run/docker.sock']);
fakeProcess(300, ['sleep', '1000']);

test('no pid file: the scan skips a dockerd started with a pid file of its own', () => {
  assert.equal(dockerdPid(proc, path.join(proc, 'no-such.pid')), 200);
});

test('a stale pid file (its process gone): the same scan', () => {
  const stale = path.join(proc, 'docker.pid');
  writeFileSync(stale, '999\n');
  assert.equal(dockerdPid(proc, stale), 200);
});

test('only the other engine runs: no default dockerd', () => {
  rmSync(path.join(proc, '200'), { recursive: true });
  assert.equal(dockerdPid(proc, path.join(proc, 'no-such.pid')), undefined);
});
