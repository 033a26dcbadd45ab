// UI checks in the browser against the real workbench (code-server): what a user sees.
// Squiggles in the editor, the Problems panel listing them, Ctrl+. offering the fixes,
// the hover on CMD. Each check is a pass or a failure in the counts; each leaves a
// screenshot in test-results/ (the README's pictures in media/ are chosen from these).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { workbenchUrl, type CodeServer, type SuiteCounts } from './harness';
import { editorUiChecks } from './editorUi';

interface UiOptions {
  context: BrowserContext;
  server: CodeServer;
  folder: string;
  extensionPath: string;
  resultsDir: string;
  /** A Dockerfile in `folder` whose CMD gets shell-pid1 (relative path). */
  dockerfile: string;
  /** More files to open, and rule ids the Problems panel must then list. */
  moreFiles?: string[];
  moreRules?: string[];
}

type Check = (page: Page) => Promise<void>;

const squiggles =
  '.monaco-editor .squiggly-error, .monaco-editor .squiggly-warning, .monaco-editor .squiggly-info';

async function openFile(page: Page, relativePath: string): Promise<void> {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(relativePath);
  // Each row shows the name and its folder; recently opened files come first, so pick the
  // row that has both, once the file search answered.
  const parts = relativePath.split('/');
  const name = parts.pop() ?? relativePath;
  let row = page.locator('.quick-input-list .monaco-list-row').filter({ hasText: name });
  if (parts.length) row = row.filter({ hasText: parts.join('/') });
  await row.first().click({ timeout: 10_000 });
  await page.locator('.monaco-editor .view-lines').first().waitFor({ timeout: 10_000 });
}

async function goToLine(page: Page, line: number): Promise<void> {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`:${line}`);
  await page.keyboard.press('Enter');
}

export async function runUiChecks(options: UiOptions): Promise<SuiteCounts> {
  const counts: SuiteCounts = { passed: 0, failed: 0, skipped: 0 };
  const lines = readFileSync(join(options.folder, options.dockerfile), 'utf8').split('\n');
  const cmdLine = lines.findIndex((l) => l.startsWith('CMD ')) + 1; // 1-based, for Ctrl+G
  const page = await options.context.newPage();
  const shot = (name: string) =>
    page.screenshot({ path: join(options.resultsDir, `${name}.png`) }).catch(() => undefined);
  await page.goto(
    workbenchUrl(options.server, options.folder, {
      extensionDevelopmentPath: options.extensionPath,
    }),
  );
  await page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: 60_000 });
  // The explorer shows the folder once the workbench has restored (and file search works).
  await page.keyboard.press('Control+Shift+E');
  await page.locator('.explorer-folders-view').first().waitFor({ timeout: 60_000 });

  const checks: [string, string, Check][] = [
    [
      `squiggles are drawn under CMD in ${options.dockerfile}`,
      'editor-squiggles',
      async (p) => {
        await openFile(p, options.dockerfile);
        await p.locator(squiggles).first().waitFor({ timeout: 30_000 });
        await p.waitForTimeout(500); // let the decorations settle before the picture
      },
    ],
    [
      'the hover on CMD says who PID 1 is',
      'hover-pid1',
      async (p) => {
        const cmd = p
          .locator('.monaco-editor .view-line')
          .filter({ hasText: /^CMD\s/ })
          .first();
        await cmd.hover({ position: { x: 12, y: 8 } });
        const hover = p.locator('.monaco-hover-content').filter({ hasText: 'PID 1' }).first();
        await hover.waitFor({ timeout: 15_000 });
        await p.waitForTimeout(600); // the hover fades in
      },
    ],
    [
      'the Problems panel lists the findings with their rule ids',
      'problems-panel',
      async (p) => {
        await p.keyboard.press('Escape');
        await p.keyboard.press('Control+Shift+M');
        const row = p.locator('.markers-panel .monaco-list-row').filter({ hasText: 'shell-pid1' });
        await row.first().waitFor({ timeout: 15_000 });
      },
    ],
    [
      'Ctrl+. on the CMD line offers the quick fixes',
      'quick-fix',
      async (p) => {
        await p.locator('.monaco-editor .view-lines').first().click();
        await goToLine(p, cmdLine);
        await p.keyboard.press('Control+.');
        const menu = p.locator('.action-widget');
        await menu.waitFor({ state: 'visible', timeout: 15_000 });
        await menu
          .locator('.monaco-list-row')
          .filter({ hasText: /exec/i })
          .first()
          .waitFor({ timeout: 10_000 });
      },
    ],
    [
      'the Problems panel lists the findings of several files and rules',
      'problems-examples',
      async (p) => {
        await p.keyboard.press('Escape');
        for (const file of options.moreFiles ?? []) await openFile(p, file);
        for (const rule of options.moreRules ?? [])
          await p
            .locator('.markers-panel .monaco-list-row')
            .filter({ hasText: rule })
            .first()
            .waitFor({ timeout: 20_000 });
        await p.mouse.move(24, 520); // away from tabs and text: no tooltip in the picture
        await p.waitForTimeout(800);
      },
    ],
  ];

  // The editor experience's checks (issue #6) run in the same workbench, after these.
  checks.push(...editorUiChecks(options.folder));

  for (const [title, name, check] of checks) {
    try {
      await check(page);
      counts.passed++;
      console.log(`  ✔ ${title}`);
    } catch (error) {
      counts.failed++;
      console.error(
        `  ✘ ${title}\n    ${error instanceof Error ? error.message.split('\n')[0] : error}`,
      );
    }
    await shot(name);
  }
  await page.close();
  return counts;
}
