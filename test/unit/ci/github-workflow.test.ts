// The GitHub Actions workflow of docs/examples/container-doctor.yml, run here as the runner
// would run it: its `run:` scripts, in order, with `bash -e` (the runner's default shell), the
// job's env, GITHUB_OUTPUT and the steps' `if:` on those outputs, in a copy of this
// repository's examples/. One substitution: CONTAINER_DOCTOR (the workflow's only mention of
// the CLI, `npx --yes container-doctor@…` there) is an executable that runs this repository's
// CLI (./../cli/run-cli.ts, writeCliBinary). The `uses:` steps are GitHub's own actions and are
// not run; for upload-sarif the test checks what that step relies on instead: the file it
// names exists and is valid against the SARIF 2.1.0 schema.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { parse } from 'yaml';
import { repoRoot, writeCliBinary } from '../cli/run-cli';
import { sarifSchemaErrors } from '../cli/sarif-schema';

const workflowPath = path.join(repoRoot, 'docs', 'examples', 'container-doctor.yml');

interface Step {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string>;
}
interface Workflow {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, { 'runs-on': string; env?: Record<string, string>; steps: Step[] }>;
}

const workflow = parse(readFileSync(workflowPath, 'utf8')) as Workflow;
const [jobName] = Object.keys(workflow.jobs);
const job = workflow.jobs[jobName];
const uploadStep = job.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
const sarifFile = uploadStep?.with?.sarif_file ?? '';

const tempDirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'cdoc-workflow-'));
  tempDirs.push(d);
  return d;
}
after(() => {
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
});

/** `if:` as the runner reads the forms this workflow uses; anything else is a test failure. */
function shouldRun(step: Step, failed: boolean, outputs: Map<string, Map<string, string>>) {
  if (step.if === undefined) return !failed; // success() is implied
  const m = /^steps\.([\w-]+)\.outputs\.([\w-]+) == '([^']*)'$/.exec(step.if.trim());
  assert.ok(m, `the test does not evaluate the condition ${JSON.stringify(step.if)}`);
  return !failed && outputs.get(m[1])?.get(m[2]) === m[3];
}

interface StepRun {
  name: string;
  ran: boolean;
  status?: number | null;
  stderr?: string;
}

/** Runs the job's `run:` steps in `checkout` (the repository the workflow lints). */
function runJob(checkout: string) {
  const work = tempDir();
  const bin = writeCliBinary(work);
  const outputs = new Map<string, Map<string, string>>();
  const runs: StepRun[] = [];
  let failed = false;
  for (const [i, step] of job.steps.entries()) {
    const name = step.name ?? step.uses ?? `step ${i}`;
    if (step.uses) {
      if (step === uploadStep)
        // The upload runs after a failed lint too: that is what its always() is for.
        runs.push({ name, ran: existsSync(path.join(checkout, sarifFile)) });
      continue;
    }
    if (!step.run || !shouldRun(step, failed, outputs)) {
      runs.push({ name, ran: false });
      continue;
    }
    const outputFile = path.join(work, `output-${i}`);
    const script = path.join(work, `step-${i}.sh`);
    writeFileSync(outputFile, '');
    writeFileSync(script, step.run);
    const r = spawnSync('bash', ['--noprofile', '--norc', '-e', script], {
      cwd: checkout,
      encoding: 'utf8',
      env: { ...process.env, ...job.env, CONTAINER_DOCTOR: bin, GITHUB_OUTPUT: outputFile },
    });
    if (step.id) {
      const values = new Map<string, string>();
      for (const line of readFileSync(outputFile, 'utf8').split('\n')) {
        const eq = line.indexOf('=');
        if (eq > 0) values.set(line.slice(0, eq), line.slice(eq + 1));
      }
      outputs.set(step.id, values);
    }
    runs.push({ name, ran: true, status: r.status, stderr: r.stderr });
    if (r.status !== 0) failed = true;
  }
  return { runs, failed, outputs, step: (name: string) => runs.find((r) => r.name === name)! };
}

function sarifIn(checkout: string) {
  const file = path.join(checkout, sarifFile);
  assert.ok(existsSync(file), `${sarifFile} was not written`);
  const log = JSON.parse(readFileSync(file, 'utf8'));
  assert.deepEqual(sarifSchemaErrors(log), [], 'the SARIF 2.1.0 schema rejects the file');
  return log.runs[0].results as { level: string; locations: unknown[] }[];
}

const lintStep = job.steps.find((s) => s.run?.includes('$CONTAINER_DOCTOR lint'));
const failStep = job.steps.find((s) => s.if?.includes(`steps.${lintStep?.id}.outputs.status`));

describe('docs/examples/container-doctor.yml: what it says it does', () => {
  test('runs on pushes and pull requests, may write code scanning alerts, names the CLI once', () => {
    assert.ok('push' in workflow.on && 'pull_request' in workflow.on);
    assert.equal(workflow.permissions['security-events'], 'write');
    assert.match(job.env?.CONTAINER_DOCTOR ?? '', /^npx --yes container-doctor@/);
    // Every command (a message's text aside) reaches the CLI through $CONTAINER_DOCTOR.
    for (const step of job.steps)
      for (const line of (step.run ?? '').split('\n'))
        if (!/^\s*echo /.test(line)) assert.doesNotMatch(line, /npx|container-doctor lint/);
    assert.ok(lintStep?.id, 'a step with an id runs $CONTAINER_DOCTOR lint');
    assert.match(lintStep.run!, /--format sarif/);
    assert.match(lintStep.run!, /--fail-level error/);
  });

  test('uploads the file the lint writes, even when the lint step failed', () => {
    assert.ok(uploadStep, 'a github/codeql-action/upload-sarif step');
    assert.match(uploadStep.uses!, /@v3$/);
    assert.ok(lintStep!.run!.includes(`> ${sarifFile}`), `the lint writes ${sarifFile}`);
    assert.match(uploadStep.if ?? '', /always\(\)/);
    assert.ok(failStep, 'a step that fails the job on the lint status');
    assert.ok(job.steps.indexOf(uploadStep) < job.steps.indexOf(failStep!));
  });
});

describe("docs/examples/container-doctor.yml run on this repository's examples/", () => {
  test('errors in examples/: SARIF written and valid, uploaded, and the job fails', () => {
    const checkout = tempDir();
    cpSync(path.join(repoRoot, 'examples'), checkout, { recursive: true });
    const job = runJob(checkout);
    const lint = job.step(lintStep!.name!);
    assert.equal(lint.status, 0, lint.stderr);
    assert.equal(job.outputs.get(lintStep!.id!)?.get('status'), '1');
    const results = sarifIn(checkout);
    assert.ok(results.some((r) => r.level === 'error'));
    const uris = JSON.stringify(results.map((r) => r.locations));
    assert.match(uris, /"uri":"compose\.yaml"/);
    assert.match(uris, /"uri":"debian-node-shell\/Dockerfile"/);
    assert.equal(job.step(uploadStep!.name!).ran, true);
    const fail = job.step(failStep!.name!);
    assert.equal(fail.ran, true);
    assert.equal(fail.status, 1);
    assert.equal(job.failed, true);
  });

  test('warnings only (examples/debian-node-shell): uploaded, and the job passes', () => {
    const checkout = tempDir();
    cpSync(path.join(repoRoot, 'examples', 'debian-node-shell'), checkout, { recursive: true });
    const job = runJob(checkout);
    assert.equal(job.outputs.get(lintStep!.id!)?.get('status'), '0');
    const results = sarifIn(checkout);
    assert.ok(results.length > 0 && results.every((r) => r.level !== 'error'));
    assert.equal(job.step(uploadStep!.name!).ran, true);
    assert.equal(job.step(failStep!.name!).ran, false);
    assert.equal(job.failed, false);
  });

  test('nothing to lint: the lint step fails with 2, and a valid empty log is still there', () => {
    const checkout = tempDir();
    writeFileSync(path.join(checkout, 'README.md'), 'no Dockerfiles here\n');
    const job = runJob(checkout);
    const lint = job.step(lintStep!.name!);
    assert.equal(lint.status, 2);
    assert.match(lint.stderr ?? '', /no Dockerfiles or compose files found/);
    assert.deepEqual(sarifIn(checkout), []);
    assert.equal(job.failed, true);
  });
});
