// Renderings of an explanation shared by the CLI and the extension: the JSON contract
// (exactly the documented fields), plain text for a terminal, Markdown for a ticket.
import { swarmTaskFacts, type Explanation } from './types';

/** The documented JSON shape: fixes carry `location` only when resolved; no internal fields. */
export function explanationJson(x: Explanation): Explanation {
  return {
    container: { id: x.container.id, name: x.container.name, image: x.container.image },
    ...(x.service ? { service: serviceJson(x.service) } : {}),
    cause: x.cause,
    confidence: x.confidence,
    summary: x.summary,
    exitCode: x.exitCode,
    restartCount: x.restartCount,
    evidence: x.evidence.map((e) => ({ source: e.source, detail: e.detail })),
    timeline: x.timeline.map((t) => ({ time: t.time, event: t.event })),
    fixes: x.fixes.map((f) =>
      f.location
        ? {
            title: f.title,
            detail: f.detail,
            location: { file: f.location.file, line: f.location.line },
          }
        : { title: f.title, detail: f.detail },
    ),
  };
}

/** The service part of the contract (explain SERVICE): the service and the task explained. */
function serviceJson(s: NonNullable<Explanation['service']>): NonNullable<Explanation['service']> {
  const t = s.task;
  return {
    id: s.id,
    name: s.name,
    ...(s.stack ? { stack: s.stack } : {}),
    task: swarmTaskFacts(t, t.node),
  };
}

/** "service web (stack shop), task web.1 (abc) on node vm: failed, task: non-zero exit (3)". */
function serviceLine(s: NonNullable<Explanation['service']>): string {
  const t = s.task;
  return `service ${s.name}${s.stack ? ` (stack ${s.stack})` : ''}, task ${t.name} (${t.id.slice(0, 12)})${t.node ? ` on node ${t.node}` : ''}: ${t.state}${t.error ? `, ${t.error}` : ''}`;
}

export function explanationText(x: Explanation): string {
  const lines = [
    ...(x.service ? [serviceLine(x.service)] : []),
    `${x.container.name} (${x.container.id.slice(0, 12)}, image ${x.container.image})`,
    `cause: ${x.cause} (confidence ${x.confidence}), exit code ${x.exitCode}, restarts ${x.restartCount}`,
    '',
    x.summary,
    '',
    'evidence:',
    ...x.evidence.map((e) => `  [${e.source}] ${e.detail}`),
    '',
    'timeline:',
    ...x.timeline.map((t) => `  ${t.time}  ${t.event}`),
  ];
  if (x.fixes.length) {
    lines.push('', 'fixes:');
    for (const f of x.fixes) {
      lines.push(`  - ${f.title}${f.location ? ` (${f.location.file}:${f.location.line})` : ''}`);
      lines.push(`    ${f.detail}`);
    }
  }
  return lines.join('\n') + '\n';
}

/** Markdown safe to paste in a ticket: user-controlled text never becomes markup. */
export function escapeMarkdown(s: string): string {
  return s.replace(/([\\`*_[\]<>|])/g, '\\$1');
}

/** Inline code that survives backticks inside. */
function code(s: string): string {
  const fence = s.includes('`') ? '``' : '`';
  return `${fence}${fence === '``' ? ' ' : ''}${s}${fence === '``' ? ' ' : ''}${fence}`;
}

/** Text with our own `code` spans kept and everything else escaped. */
function prose(s: string): string {
  return s
    .split(/(`[^`]+`)/)
    .map((part, i) => (i % 2 === 1 ? part : escapeMarkdown(part)))
    .join('');
}

/** Where the evidence came from, for the closing line. */
const LIVE_ORIGIN = 'the Engine API (state, events, log tail)';

export function explanationMarkdown(x: Explanation, origin = LIVE_ORIGIN): string {
  const out = [
    x.service
      ? `## Why service ${code(x.service.name)}'s task ended: ${code(x.cause)}`
      : `## Why ${code(x.container.name)} exited: ${code(x.cause)}`,
    '',
    `${prose(x.summary)}`,
    '',
    ...(x.service ? [`- ${prose(serviceLine(x.service))}`] : []),
    `- Container: ${code(x.container.name)} (${code(x.container.id.slice(0, 12))}), image ${code(x.container.image)}`,
    `- Exit code: ${x.exitCode}; restarts: ${x.restartCount}; confidence: ${x.confidence}`,
    '',
    '### Evidence',
    '',
    ...x.evidence.map((e) => `- **${escapeMarkdown(e.source)}**: ${prose(e.detail)}`),
    '',
    '### Timeline',
    '',
    '| time (UTC) | event |',
    '|---|---|',
    ...x.timeline.map((t) => `| ${t.time} | ${prose(t.event).replace(/\n/g, ' ')} |`),
  ];
  if (x.fixes.length) {
    out.push('', '### Fixes', '');
    for (const f of x.fixes)
      out.push(
        `- **${prose(f.title)}**${f.location ? ` (${code(`${f.location.file}:${f.location.line}`)})` : ''}: ${prose(f.detail)}`,
      );
  }
  out.push('', `_Explained by Container Doctor from ${escapeMarkdown(origin)}._`, '');
  return out.join('\n');
}
