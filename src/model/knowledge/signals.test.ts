// The Linux signal table against `kill -l` (procps/bash on x86-64 Linux): every number
// 1..31 and 34..64 has one name and back.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { normaliseSignal, signalName, signalNumber, signalShortName } from './signals';

// `kill -l` of bash 5.2 on Linux x86-64, copied as printed.
const KILL_L = `1) SIGHUP 2) SIGINT 3) SIGQUIT 4) SIGILL 5) SIGTRAP 6) SIGABRT 7) SIGBUS 8) SIGFPE
9) SIGKILL 10) SIGUSR1 11) SIGSEGV 12) SIGUSR2 13) SIGPIPE 14) SIGALRM 15) SIGTERM
16) SIGSTKFLT 17) SIGCHLD 18) SIGCONT 19) SIGSTOP 20) SIGTSTP 21) SIGTTIN 22) SIGTTOU
23) SIGURG 24) SIGXCPU 25) SIGXFSZ 26) SIGVTALRM 27) SIGPROF 28) SIGWINCH 29) SIGIO
30) SIGPWR 31) SIGSYS 34) SIGRTMIN 35) SIGRTMIN+1 36) SIGRTMIN+2 37) SIGRTMIN+3
38) SIGRTMIN+4 39) SIGRTMIN+5 40) SIGRTMIN+6 41) SIGRTMIN+7 42) SIGRTMIN+8 43) SIGRTMIN+9
44) SIGRTMIN+10 45) SIGRTMIN+11 46) SIGRTMIN+12 47) SIGRTMIN+13 48) SIGRTMIN+14
49) SIGRTMIN+15 50) SIGRTMAX-14 51) SIGRTMAX-13 52) SIGRTMAX-12 53) SIGRTMAX-11
54) SIGRTMAX-10 55) SIGRTMAX-9 56) SIGRTMAX-8 57) SIGRTMAX-7 58) SIGRTMAX-6 59) SIGRTMAX-5
60) SIGRTMAX-4 61) SIGRTMAX-3 62) SIGRTMAX-2 63) SIGRTMAX-1 64) SIGRTMAX`;

const table = [...KILL_L.matchAll(/(\d+)\) (SIG\S+)/g)].map((m) => [Number(m[1]), m[2]] as const);

describe('the Linux signal table', () => {
  test('kill -l has 62 signals', () => assert.equal(table.length, 62));
  for (const [n, name] of table)
    test(`${n} ↔ ${name}`, () => {
      assert.equal(signalName(n), name);
      assert.equal(signalNumber(name), n);
      assert.equal(signalNumber(name.slice(3).toLowerCase()), n);
      assert.equal(signalNumber(String(n)), n);
      assert.equal(normaliseSignal(String(n)), name.slice(3));
    });
  test('32 and 33 belong to the C library: no name', () => {
    assert.equal(signalShortName(32), undefined);
    assert.equal(signalName(33), 'signal 33');
  });
  test('unknown input is undefined, not a guess', () => {
    for (const raw of ['SIGFOO', '0', '65', 'RTMIN+40', '', undefined])
      assert.equal(signalNumber(raw), undefined, String(raw));
  });
  test('aliases of signal(7)', () => {
    assert.equal(signalNumber('SIGIOT'), 6);
    assert.equal(signalNumber('POLL'), 29);
  });
  test('STOPSIGNAL forms normalise to the short name', () => {
    assert.equal(normaliseSignal('SIGTERM'), 'TERM');
    assert.equal(normaliseSignal('term'), 'TERM');
    assert.equal(normaliseSignal('SIGRTMIN+3'), 'RTMIN+3');
    assert.equal(normaliseSignal('99'), '99');
  });
});
