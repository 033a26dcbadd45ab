// Names, IDs and image references through the connected client, against the real engine:
// what the validation and the per-segment encoding let through still finds the container
// (by name, '/name', short and full ID) and the image (name:tag, ID, with ':' encoded), and a
// path-like "name" never reaches the engine. A stop under the deadline still waits its grace
// period (the deadline grows with `t`).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { connectFromEnvironment, InvalidReferenceError } from '../../../src/runtime/connection';
import { busyboxImage, registerLabCleanup, requireDocker, runContainer } from '../lab';

registerLabCleanup();

describe('engine references (real engine)', () => {
  test('names, IDs and image references reach the right object; path-like input is refused', async (t) => {
    if (!(await requireDocker(t))) return;
    const image = await busyboxImage();
    const name = `cdoc-ref-${randomBytes(4).toString('hex')}`;
    const c = await runContainer({ Image: image, Cmd: ['sleep', '1000'], name });
    // A deadline well under the default: a stop with t=1 must still be allowed its grace time.
    const engine = await connectFromEnvironment({}, { deadlineMs: 2000 });
    assert.equal(engine.kind, 'connected');
    if (engine.kind !== 'connected') return;
    const docker = engine.docker;
    for (const ref of [name, `/${name}`, c.id, c.id.slice(0, 12)])
      assert.equal((await docker.getContainer(ref).inspect()).Id, c.id, ref);
    const info = await docker.getContainer(name).inspect();
    assert.equal((await docker.getImage(image).inspect()).Id, info.Image);
    assert.equal((await docker.getImage(info.Image).inspect()).Id, info.Image);

    assert.throws(() => docker.getContainer('../../containers/json'), InvalidReferenceError);
    assert.throws(() => docker.getContainer(`${name}/../..`), InvalidReferenceError);
    await assert.rejects(docker.getContainer(`${name}x`).inspect(), { statusCode: 404 });

    // sleep as PID 1 ignores TERM: the stop takes its 3 s of grace (over the 2 s deadline), then KILL.
    await docker.getContainer(name).stop({ t: 3 });
    assert.equal((await docker.getContainer(name).inspect()).State.ExitCode, 137);
  });
});
