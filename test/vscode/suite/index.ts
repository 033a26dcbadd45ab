// The extension-tests entry (extensionTestsPath): VS Code loads this CommonJS module in
// the extension host and calls run(). It runs Mocha on the *.test.js files beside it and
// writes the counts to CDOC_SUITE_RESULTS_FILE for the runner (the host shares this
// machine's file system and inherits the runner's environment).
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    color: false,
    reporter: 'spec',
    timeout: 30_000,
    ...(process.env.CDOC_SUITE_GREP ? { grep: process.env.CDOC_SUITE_GREP } : {}),
  });
  const files = readdirSync(__dirname)
    .filter((n) => n.endsWith('.test.js'))
    .sort();
  for (const f of files) mocha.addFile(join(__dirname, f));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const counts = {
        passed: runner.stats?.passes ?? 0,
        failed: runner.stats?.failures ?? failures,
        skipped: runner.stats?.pending ?? 0,
      };
      const resultsFile = process.env.CDOC_SUITE_RESULTS_FILE;
      if (resultsFile) writeFileSync(resultsFile, JSON.stringify(counts));
      if (failures > 0) reject(new Error(`${failures} extension-host test(s) failed`));
      else if (counts.passed === 0) reject(new Error('no extension-host test ran'));
      else resolve();
    });
  });
}
