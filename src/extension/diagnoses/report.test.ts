import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { classify } from '../../runtime/explain/classify';
import type { ExplainEvidence } from '../../runtime/explain/types';
import { auditHtml, contentSecurityPolicy, explanationHtml } from './report';

const fixture = (name: string): ExplainEvidence =>
  (
    JSON.parse(
      readFileSync(
        join(__dirname, '..', '..', '..', 'test', 'fixtures', 'explain', `${name}.json`),
        'utf8',
      ),
    ) as { evidence: ExplainEvidence }
  ).evidence;

describe('diagnoses report HTML', () => {
  test('strict CSP: nothing remote, scripts and styles only by nonce', () => {
    const csp = contentSecurityPolicy('vscode-webview://abc', 'N0NCE');
    assert.match(csp, /^default-src 'none'/);
    assert.match(csp, /script-src 'nonce-N0NCE'/);
    assert.doesNotMatch(csp, /https?:|\*|unsafe-inline|unsafe-eval/);
  });

  test('every script and style carries the nonce; no remote URL; container text is escaped', () => {
    const e = structuredClone(fixture('app-error'));
    e.container.name = '<script>alert(1)</script>';
    e.logs.lines = [
      { stream: 'stderr', text: '"><img src=x onerror=alert(1)> https://evil.example/x.js' },
    ];
    const html = explanationHtml(classify(e), 'vscode-webview://abc', 'N0NCE');
    const scripts = html.match(/<script[^>]*>/g) ?? [];
    assert.deepEqual(scripts, ['<script nonce="N0NCE">']);
    assert.deepEqual(html.match(/<style[^>]*>/g), ['<style nonce="N0NCE">']);
    assert.doesNotMatch(html, /<img/);
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.doesNotMatch(html, /(src|href)=["']https?:/);
    assert.match(html, /data-action="copy-markdown"/);
    assert.match(html, /var\(--vscode-foreground\)/, 'theme colours from VS Code');
  });

  test('a fix with a location links to its file and line', () => {
    const x = classify(fixture('stop-timeout'));
    const f = x.fixes.find((fix) => fix.anchor === 'command');
    assert.ok(f);
    f.location = { file: '/work/app/Dockerfile', line: 7 };
    const html = explanationHtml(x, 'src', 'n');
    assert.match(
      html,
      /data-action="open-location" data-file="\/work\/app\/Dockerfile" data-line="7"[^>]*>Dockerfile:7</,
    );
  });

  test('audit HTML has the action buttons with the container id', () => {
    const html = auditHtml(
      {
        host: {
          memTotal: 1 << 30,
          containers: 1,
          running: 1,
          sumOfLimits: 2 << 30,
          runningWithoutLimit: 1,
          overcommitted: true,
        },
        containers: [
          {
            id: 'c'.repeat(64),
            name: 'web<1>',
            image: 'img',
            state: 'running',
            restartCount: 0,
            memoryLimit: 0,
            pidsLimit: null,
            pid1: ['node', 'server.js'],
            pid1Verdict: {
              pid1: { program: 'node', argv: ['node', 'server.js'] },
              viaShell: false,
              gracefulStop: false,
              reapsZombies: false,
              init: null,
              reasons: [],
            },
            findings: [
              {
                id: 'no-memory-limit',
                severity: 'warning',
                message: 'No memory limit',
                actions: [
                  {
                    kind: 'set-memory-limit',
                    title: 'Set memory limit…',
                    command: 'docker update',
                  },
                ],
              },
            ],
          },
        ],
        gaps: [],
      },
      'src',
      'n',
    );
    assert.match(html, new RegExp(`data-action="set-memory-limit" data-id="${'c'.repeat(64)}"`));
    assert.match(html, /more than the host has/);
    assert.ok(html.includes('web&lt;1&gt;'));
  });
});
