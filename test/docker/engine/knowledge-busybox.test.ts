// BusyBox applets as PID 1 on the lab's BusyBox image (BusyBox 1.35): on a BusyBox or Alpine
// base `httpd`, `nc`, `crond`, `syslogd`... are applets with their own signal handling, not
// the programs of the same name on Debian. Each case holds the engine's verdict against the
// container (PID 1's argv, `docker stop -t 3` time and exit code); figures in
// docs/measurements.md.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { registerLabCleanup } from '../lab';
import { STOP_TIMEOUT, PROMPT_MS, analyse, labBases, runApp } from './harness';

registerLabCleanup();

const cases: { argv: string[]; graceful: boolean }[] = [
  { argv: ['httpd', '-f', '-p', '8080'], graceful: false },
  { argv: ['nc', '-l', '-p', '1234'], graceful: false },
  { argv: ['crond', '-f'], graceful: false },
  { argv: ['tail', '-f', '/dev/null'], graceful: false },
  { argv: ['syslogd', '-n'], graceful: true },
  { argv: ['udhcpd', '-f'], graceful: true },
];

describe('BusyBox applets as PID 1', () => {
  for (const c of cases)
    test(`${c.argv.join(' ')}: ${c.graceful ? 'stops on TERM' : 'ignores TERM'}`, async (t) => {
      const bases = await labBases(t);
      if (!bases) return;
      const files = {
        Dockerfile: [
          `FROM ${bases.busybox}`,
          // udhcpd and crond want their files; the others ignore these.
          'RUN mkdir -p /var/lib/misc /var/spool/cron/crontabs && touch /etc/udhcpd.conf /var/lib/misc/udhcpd.leases',
          `CMD ${JSON.stringify(c.argv)}`,
          '',
        ].join('\n'),
      };
      const v = analyse(files).runtime;
      assert.ok(v);
      assert.equal(v.pid1?.program, c.argv[0]);
      assert.equal(v.gracefulStop, c.graceful, v.reasons.join(' '));
      assert.match(v.reasons.join(' '), /BusyBox applet/);

      const m = await runApp(files, { readyText: '', settleMs: 1000 });
      const context = `PID 1 ${JSON.stringify(m.pid1)}, stop ${Math.round(m.stop.ms)} ms exit ${m.stop.exitCode}\n${m.logs}`;
      assert.deepEqual(m.pid1, c.argv, context);
      assert.equal(m.graceful, c.graceful, context);
      if (c.graceful) assert.ok(m.stop.ms < PROMPT_MS, context);
      else {
        assert.equal(m.stop.exitCode, 137, context);
        assert.ok(m.stop.ms >= STOP_TIMEOUT * 1000 - 200, context);
      }
    });
});

test('on Debian the same names are other programs: httpd is Apache there', () => {
  const v = analyse({ Dockerfile: 'FROM debian:12\nCMD ["httpd", "-DFOREGROUND"]\n' }).runtime;
  assert.equal(v?.gracefulStop, true);
  assert.doesNotMatch(v?.reasons.join(' ') ?? '', /BusyBox applet/);
});
