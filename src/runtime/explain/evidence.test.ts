import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { demuxLogs, engineTimestamp, parseEvents } from './evidence';
import { containerOomLines } from './host';

function frame(stream: 1 | 2, text: string): Buffer {
  const payload = Buffer.from(text);
  const h = Buffer.alloc(8);
  h[0] = stream;
  h.writeUInt32BE(payload.length, 4);
  return Buffer.concat([h, payload]);
}

describe('evidence parsing', () => {
  test('demuxLogs splits the multiplexed stream and the timestamps', () => {
    const body = Buffer.concat([
      frame(1, '2026-11-22T14:52:29.512189710Z started\n'),
      frame(2, '2026-11-22T14:52:30.000000000Z boom\r\n'),
    ]);
    assert.deepEqual(demuxLogs(body, false, true), [
      { stream: 'stdout', time: '2026-11-22T14:52:29.512189710Z', text: 'started' },
      { stream: 'stderr', time: '2026-11-22T14:52:30.000000000Z', text: 'boom' },
    ]);
  });
  test('a TTY log is raw text', () => {
    assert.deepEqual(demuxLogs(Buffer.from('a\nb\n'), true, false), [
      { stream: 'stdout', text: 'a' },
      { stream: 'stdout', text: 'b' },
    ]);
  });
  test('a truncated frame does not throw', () => {
    const f = frame(1, 'hello world\n');
    assert.deepEqual(demuxLogs(f.subarray(0, 12), false, false), [
      { stream: 'stdout', text: 'hell' },
    ]);
  });
  test('parseEvents keeps signal/exitCode, drops labels, sorts by time', () => {
    const lines = [
      JSON.stringify({
        Type: 'container',
        Action: 'die',
        timeNano: 2000000000,
        Actor: { Attributes: { exitCode: '137', image: 'x', name: 'n', 'com.example': 'secret' } },
      }),
      JSON.stringify({
        Type: 'container',
        Action: 'kill',
        timeNano: 1000000000,
        Actor: { Attributes: { signal: '9' } },
      }),
      JSON.stringify({ Type: 'network', Action: 'disconnect', timeNano: 1500000000 }),
    ].join('\n');
    const ev = parseEvents(lines, { 'com.example': 'secret' });
    assert.deepEqual(
      ev.map((e) => [e.action, e.attributes]),
      [
        ['kill', { signal: '9' }],
        ['die', { exitCode: '137' }],
      ],
    );
    assert.equal(ev[0].time, '1970-01-01T00:00:01.000000000Z');
  });
  test('engineTimestamp has nanoseconds so `until` is never rounded up', () => {
    assert.equal(engineTimestamp(new Date(1795359148951)), '1795359148.951000000');
  });
  test('containerOomLines keeps the oom-kill line of this container and its Killed process line', () => {
    const id = 'a'.repeat(64);
    const lines = containerOomLines(
      [
        { monotonicUs: 1_000_000, text: 'sh invoked oom-killer: gfp_mask=0xcc0' },
        {
          monotonicUs: 2_000_000,
          text: `oom-kill:constraint=CONSTRAINT_MEMCG,oom_memcg=/docker/${id},task=sh,pid=1`,
        },
        { monotonicUs: 2_000_100, text: 'Memory cgroup out of memory: Killed process 1 (sh)' },
        {
          monotonicUs: 3_000_000,
          text: `oom-kill:constraint=CONSTRAINT_MEMCG,oom_memcg=/docker/${'b'.repeat(64)}`,
        },
      ],
      id,
      0,
    );
    assert.equal(lines.length, 2);
    assert.equal(lines[0].time, '1970-01-01T00:00:02.000Z');
    assert.match(lines[1].text, /Killed process 1/);
  });
});
