import { test } from 'node:test';
import assert from 'node:assert/strict';
import { catches, catchesNot, fixture } from '../../../../test/fixtures/explain/load';
import { swarmEvidence } from '../../../../test/fixtures/explain/swarm/load';
import { updateFailed } from './update-failed';

test('update-failed: a real paused update (its new task exited 3) cites the task’s own cause', () => {
  const e = swarmEvidence('paused', 'app-error');
  e.swarm!.taskCause = { cause: 'app-error', summary: 'The program exited with 3.' };
  const f = catches(updateFailed, e);
  assert.match(
    f.summary,
    /rolling update of swarm-paused-fx is paused: update paused due to failure or early termination of task/,
  );
  assert.match(f.summary, /ended as `app-error`/);
  assert.ok(f.evidence.some((e) => /UpdateStatus paused: .*failure action pause/.test(e.detail)));
  assert.match(f.fixes[1]!.detail, /docker service rollback swarm-paused-fx/);
});

test('update-failed: a rollback after failures says the previous spec runs again', () => {
  const e = swarmEvidence('paused', 'app-error');
  e.swarm!.update = {
    state: 'rollback_completed',
    message: 'rollback completed',
    failureAction: 'rollback',
  };
  catchesNot(updateFailed, e); // "rollback completed" alone does not say a task failed
  e.swarm!.update.message = 'update rolled back due to failure or early termination of task x';
  assert.match(catches(updateFailed, e).summary, /was rolled back \(rollback_completed\)/);
});

test('update-failed: not a rollback asked for by hand, not an update in progress, not a container', () => {
  const e = swarmEvidence('paused', 'app-error');
  e.swarm!.update = {
    state: 'rollback_started',
    message: 'manually requested rollback',
    failureAction: 'pause',
  };
  catchesNot(updateFailed, e);
  e.swarm!.update = { state: 'updating', message: 'update in progress', failureAction: 'pause' };
  catchesNot(updateFailed, e);
  catchesNot(updateFailed, fixture('app-error'));
});
