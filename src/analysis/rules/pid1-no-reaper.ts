// A PID 1 that does not reap zombies where children are likely: npm/yarn as PID 1,
// Chromium/Puppeteer in the image, scripts that background work (docs/rules/pid1-no-reaper.md).
import { pid1Layer } from '../layers';
import { addTiniFix } from '../fixes/add-tini';
import { childSpawnerPackages } from '../../model/knowledge/programs';
import { instructionAt, meta, type DockerfileRule, type DockerfileRuleContext } from './rule';

function spawnerEvidence(ctx: DockerfileRuleContext): string | null {
  const rt = ctx.runtime!;
  for (const s of rt.command.chain)
    for (const ins of s.instructions)
      if (ins.keyword === 'RUN' || ins.keyword === 'ENV')
        for (const p of childSpawnerPackages)
          if (p.pattern.test(ins.args)) return `${p.what} (line ${ins.range.start.line + 1})`;
  let pkg: string | undefined;
  try {
    pkg = ctx.context.readFile('package.json');
  } catch {
    pkg = undefined;
  }
  if (
    pkg &&
    rt.command.copies.some((c) =>
      c.sources.some((s) => /(^|\/)(package\.json|\.)$/.test(s.replace(/\/$/, ''))),
    )
  )
    for (const p of childSpawnerPackages)
      if (p.pattern.test(pkg)) return `${p.what} (package.json)`;
  return null;
}

export const pid1NoReaper: DockerfileRule = {
  meta: meta({
    id: 'pid1-no-reaper',
    appliesTo: 'dockerfile',
    description:
      'a PID 1 that will not reap zombies where children are likely (npm/yarn, Chromium/Puppeteer, background jobs)',
    defaultSeverity: 'warning',
    title: 'PID 1 does not reap zombies',
    why: 'Measured: npm as PID 1 never reaps orphaned children (Chromium leaves thousands of zombies under it); an init (tini, --init) reaps them.',
    fixable: true,
  }),
  check(ctx) {
    const rt = ctx.runtime;
    if (!rt || rt.verdict.reapsZombies === true || !rt.verdict.pid1) return;
    const layer = pid1Layer(rt.layer);
    let reason: string | null = null;
    if (
      layer.kind === 'program' &&
      layer.facts?.spawnsChildren &&
      layer.facts.reapsZombies === false &&
      layer.facts.kind === 'package-manager'
    )
      reason =
        `${layer.name} starts the app through another process layer and never reaps orphans` +
        (layer.name === 'npm'
          ? '; on `docker stop` npm exits without the app under it getting SIGTERM (measured with npm 11), so start the app with `node` directly for a graceful stop'
          : '');
    else if (layer.kind === 'script' && layer.analysis.backgrounded.length > 0)
      reason = `${layer.file.relativePath} starts background processes whose orphans nobody reaps`;
    else {
      const ev = spawnerEvidence(ctx);
      if (ev)
        reason = `the image has ${ev}, whose child processes are orphaned to PID 1 (see docs/rules/pid1-no-reaper.md)`;
    }
    if (!reason) return;
    const fixes = [];
    const tini = addTiniFix(ctx.path, ctx.model, rt);
    if (tini) fixes.push(tini);
    ctx.report({
      message: `PID 1 (${rt.verdict.pid1.program}) does not reap zombies, and ${reason}. Run an init as PID 1 (tini, \`docker run --init\`, compose \`init: true\`).`,
      range: instructionAt(rt, Math.max(0, layer.at)).range,
      certain: rt.command.certain && rt.verdict.reapsZombies === false,
      fixes,
    });
  },
};
