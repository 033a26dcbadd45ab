// The real extension host's CPU while the Containers view is open over the engine's idle
// containers: code-server (the harness's, test/vscode/harness.ts) with this extension as the
// development extension, the workbench in headless Chromium, the Container Doctor view shown;
// then the extension host process's own CPU time (utime + stime from /proc/PID/stat) over an
// idle window. Linux only (/proc).
import { readdirSync, readFileSync } from 'node:fs';
import {
  launchChromium,
  root,
  Scratch,
  startCodeServer,
  workbenchUrl,
} from '../../test/vscode/harness';

const ticksPerSecond = 100; // USER_HZ on Linux

/** utime + stime of a process, in ms. */
function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces), counted from its closing paren.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
}

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

/** The extension host processes under code-server (`--type=extensionHost`). */
function extensionHosts(codeServerPid: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    let cmdline = '';
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (!cmdline.includes('--type=extensionHost')) continue;
    for (let p: number | undefined = pid, depth = 0; p && depth < 8; p = parentOf(p), depth++)
      if (p === codeServerPid) {
        found.push(pid);
        break;
      }
  }
  return found;
}

export interface ExtensionHostIdle {
  seconds: number;
  cpuMs: number;
  percentOfACore: number;
  containerRowsShown: number;
}

/**
 * Open the workbench with the Containers view and measure the extension host for `seconds`
 * once the view shows a container named by `rowText`.
 */
export async function measureExtensionHostIdle(
  seconds: number,
  rowText: RegExp,
  { withExtension = true }: { withExtension?: boolean } = {},
): Promise<ExtensionHostIdle> {
  const scratch = new Scratch('cdoc-bench-ehost-');
  try {
    const folder = scratch.path('workspace');
    const server = await startCodeServer({ scratch, onOutput: () => undefined });
    const context = await launchChromium(scratch);
    const page = await context.newPage();
    await page.goto(
      workbenchUrl(server, folder, withExtension ? { extensionDevelopmentPath: root } : {}),
    );
    await page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: 60_000 });
    let rows = 0;
    if (withExtension) {
      await page
        .locator('.activitybar .action-item a[aria-label^="Container Doctor"]')
        .first()
        .click();
      await page
        .locator('.monaco-list-row')
        .filter({ hasText: rowText })
        .first()
        .waitFor({ timeout: 60_000 });
      rows = await page.locator('.monaco-list-row').filter({ hasText: rowText }).count();
    }
    // The pointer away from the tree (no hover), then let start-up work settle.
    await page.mouse.move(1300, 800);
    await page.waitForTimeout(5000);
    const hosts = extensionHosts(server.process.pid!);
    if (hosts.length !== 1)
      throw new Error(`expected one extension host under code-server, found ${hosts.length}`);
    const host = hosts[0]!;
    const cpu0 = cpuMsOf(host);
    const wall0 = performance.now();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const cpuMs = cpuMsOf(host) - cpu0;
    const wallMs = performance.now() - wall0;
    await context.close();
    return {
      seconds: wallMs / 1000,
      cpuMs,
      percentOfACore: (cpuMs / wallMs) * 100,
      containerRowsShown: rows,
    };
  } finally {
    await scratch.cleanup();
  }
}
