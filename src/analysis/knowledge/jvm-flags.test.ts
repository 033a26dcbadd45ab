import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MEASURED_JDK, obsoleteFlagEffect, obsoleteJvmFlags } from './jvm-flags';

const entry = (token: string) => obsoleteJvmFlags.find((f) => f.pattern.test(token))!;

describe('obsolete JVM flags: what a JVM of a given version does', () => {
  test('MaxPermSize: exists on 7, warns on 8, refuses on 17 (measured), unknown between', () => {
    const f = entry('-XX:MaxPermSize=256m');
    assert.equal(obsoleteFlagEffect(f, 7), 'exists');
    assert.equal(obsoleteFlagEffect(f, 8), 'warns');
    assert.equal(obsoleteFlagEffect(f, 11), 'unknown');
    assert.equal(obsoleteFlagEffect(f, 17), 'refuses');
    assert.equal(obsoleteFlagEffect(f, 21), 'refuses');
    assert.equal(obsoleteFlagEffect(f, null), 'unknown');
  });

  test('every entry refuses at the latest on the measured JDK and cites the measurement', () => {
    for (const f of obsoleteJvmFlags) {
      assert.ok(f.refusesFrom <= MEASURED_JDK, f.pattern.source);
      assert.ok(f.removedIn <= f.refusesFrom, f.pattern.source);
      assert.match(f.source, /measured here on OpenJDK 17/, f.pattern.source);
      assert.equal(obsoleteFlagEffect(f, MEASURED_JDK), 'refuses');
    }
  });
});
