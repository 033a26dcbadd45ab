// HTML for the diagnoses webviews (no vscode import, so it is unit tested with node).
// Strict CSP: nothing remote, styles from the extension only via inline <style> with a
// nonce, one nonce'd script that only posts messages; every container-controlled string
// is escaped. Theme-aware through VS Code's CSS variables.
import type { Explanation } from '../../runtime/explain';
import type { AuditReport } from '../../runtime/audit';

export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Escaped text with `code` spans (our own fix texts use them) as <code>. */
function prose(s: string): string {
  return s
    .split(/(`[^`]+`)/)
    .map((part, i) =>
      i % 2 === 1 ? `<code>${escapeHtml(part.slice(1, -1))}</code>` : escapeHtml(part),
    )
    .join('');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    "img-src 'none'",
    "font-src 'none'",
    "connect-src 'none'",
    "form-action 'none'",
    "frame-src 'none'",
  ].join('; ');
}

const STYLE = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size);
  color: var(--vscode-foreground); background: var(--vscode-editor-background); padding: 0 1.2em 2em; line-height: 1.5; }
h1 { font-size: 1.4em; font-weight: 600; margin-bottom: 0.2em; }
h2 { font-size: 1.1em; font-weight: 600; margin-top: 1.6em; border-bottom: 1px solid var(--vscode-panel-border); padding-bottom: 0.2em; }
code { font-family: var(--vscode-editor-font-family); background: var(--vscode-textCodeBlock-background); padding: 0 0.25em; border-radius: 3px; }
.cause { display: inline-block; font-family: var(--vscode-editor-font-family); padding: 0.1em 0.6em; border-radius: 1em;
  background: var(--vscode-badge-background); color: var(--vscode-badge-foreground); }
.summary { font-size: 1.1em; margin: 0.8em 0; }
.meta { color: var(--vscode-descriptionForeground); }
table { border-collapse: collapse; width: 100%; }
td, th { text-align: left; padding: 0.2em 0.6em 0.2em 0; vertical-align: top; border-bottom: 1px solid var(--vscode-panel-border); }
td.time { width: 1%; font-family: var(--vscode-editor-font-family); white-space: nowrap; color: var(--vscode-descriptionForeground); }
.source { font-weight: 600; }
.toolbar { margin: 1em 0; display: flex; gap: 0.5em; flex-wrap: wrap; }
button { font-family: inherit; font-size: inherit; border: 1px solid var(--vscode-button-border, transparent);
  background: var(--vscode-button-background); color: var(--vscode-button-foreground); padding: 0.3em 0.9em; cursor: pointer; border-radius: 2px; }
button.secondary { background: var(--vscode-button-secondaryBackground); color: var(--vscode-button-secondaryForeground); }
button:hover { background: var(--vscode-button-hoverBackground); }
a { color: var(--vscode-textLink-foreground); cursor: pointer; }
.sev-error { color: var(--vscode-errorForeground); }
.sev-warning { color: var(--vscode-editorWarning-foreground); }
.sev-info { color: var(--vscode-editorInfo-foreground); }
li { margin: 0.3em 0; }
`;

/** The page's only script: buttons and links post their data-* to the extension. */
const SCRIPT = `
const vscode = acquireVsCodeApi();
document.addEventListener('click', (e) => {
  const el = e.target instanceof Element ? e.target.closest('[data-action]') : null;
  if (!el) return;
  e.preventDefault();
  vscode.postMessage({ ...el.dataset });
});
`;

function page(title: string, body: string, cspSource: string, nonce: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(cspSource, nonce)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body>
${body}
<script nonce="${nonce}">${SCRIPT}</script>
</body>
</html>`;
}

const attr = (s: string) => escapeHtml(s);

export function explanationHtml(x: Explanation, cspSource: string, nonce: string): string {
  const fixes = x.fixes
    .map((f, i) => {
      const where = f.location
        ? ` <a data-action="open-location" data-file="${attr(f.location.file)}" data-line="${f.location.line}" title="Open the Dockerfile at this line">${escapeHtml(
            f.location.file.split('/').pop() ?? f.location.file,
          )}:${f.location.line}</a>`
        : '';
      return `<li data-fix="${i}"><strong>${prose(f.title)}</strong>${where}<br>${prose(f.detail)}</li>`;
    })
    .join('\n');
  const body = `
<h1>${
    x.service
      ? `Why service <code>${escapeHtml(x.service.name)}</code>'s task ${x.cause === 'running' ? 'is running' : 'ended'}`
      : `Why <code>${escapeHtml(x.container.name)}</code> ${x.cause === 'running' ? 'is running' : 'exited'}`
  }</h1>
${
  x.service
    ? `<p class="meta" id="task">task <code>${escapeHtml(x.service.task.name)}</code> (<code>${escapeHtml(x.service.task.id.slice(0, 12))}</code>)${x.service.task.node ? ` on node ${escapeHtml(x.service.task.node)}` : ''}: ${escapeHtml(x.service.task.state)}${x.service.task.error ? ` · ${escapeHtml(x.service.task.error)}` : ''}${x.service.stack ? ` · stack ${escapeHtml(x.service.stack)}` : ''}</p>`
    : ''
}
<p class="meta"><span class="cause" id="cause">${escapeHtml(x.cause)}</span>
  confidence ${escapeHtml(x.confidence)} · exit code ${x.exitCode} · restarts ${x.restartCount} ·
  <code>${escapeHtml(x.container.id.slice(0, 12))}</code> · image <code>${escapeHtml(x.container.image)}</code></p>
<p class="summary" id="summary">${prose(x.summary)}</p>
<div class="toolbar">
  <button data-action="copy-markdown">Copy as Markdown</button>
  <button class="secondary" data-action="open-markdown">Open as Markdown</button>
  <button class="secondary" data-action="refresh">Explain again</button>
</div>
${x.fixes.length ? `<h2>Fixes</h2>\n<ul id="fixes">${fixes}</ul>` : ''}
<h2>Evidence</h2>
<ul id="evidence">${x.evidence
    .map((e) => `<li><span class="source">${escapeHtml(e.source)}</span>: ${prose(e.detail)}</li>`)
    .join('\n')}</ul>
<h2>Timeline (UTC)</h2>
<table id="timeline">${x.timeline
    .map((t) => `<tr><td class="time">${escapeHtml(t.time)}</td><td>${prose(t.event)}</td></tr>`)
    .join('\n')}</table>`;
  return page(`Exit of ${x.container.name}`, body, cspSource, nonce);
}

export function auditHtml(r: AuditReport, cspSource: string, nonce: string): string {
  const h = r.host;
  const mib = (b: number) => `${Math.round(b / 1024 / 1024)} MiB`;
  const rows = r.containers
    .filter((c) => c.findings.length)
    .map((c) => {
      const items = c.findings
        .map((f) => {
          const buttons = f.actions
            .filter((a) => a.kind !== 'add-init' && a.kind !== 'set-pids-limit')
            .map(
              (a) =>
                `<button class="secondary" data-action="${attr(a.kind)}" data-id="${attr(c.id)}">${escapeHtml(a.title)}</button>`,
            )
            .join(' ');
          const cmd = f.actions.find(
            (a) => a.command && (a.kind === 'add-init' || a.kind === 'set-pids-limit'),
          );
          return `<li><span class="sev-${f.severity}">${escapeHtml(f.severity)}</span> <code>${escapeHtml(f.id)}</code>: ${prose(
            f.message,
          )}${cmd?.command ? ` <code>${escapeHtml(cmd.command)}</code>` : ''} ${buttons}</li>`;
        })
        .join('\n');
      return `<h2><code>${escapeHtml(c.name)}</code> <span class="meta">${escapeHtml(c.image)} · ${escapeHtml(
        c.state,
      )}</span></h2>\n<ul data-container="${attr(c.id)}">${items}</ul>`;
    })
    .join('\n');
  const clean = r.containers.filter((c) => !c.findings.length).length;
  const body = `
<h1>Docker host audit</h1>
<p class="summary" id="host">${h.containers} containers, ${h.running} running. Host memory ${mib(h.memTotal)};
the running containers' limits add up to ${mib(h.sumOfLimits)}${
    h.overcommitted ? ' — <strong class="sev-error">more than the host has</strong>' : ''
  }; ${h.runningWithoutLimit} running without a memory limit.</p>
<div class="toolbar">
  <button data-action="open-markdown">Open as Markdown</button>
  <button class="secondary" data-action="refresh">Audit again</button>
</div>
${rows || '<p>No findings.</p>'}
${clean ? `<p class="meta">${clean} container(s) without findings.</p>` : ''}
${r.gaps.map((g) => `<p class="meta">note: ${escapeHtml(g)}</p>`).join('\n')}`;
  return page('Docker host audit', body, cspSource, nonce);
}
