// Container names and image references as Docker accepts them, and how they go into Engine
// API paths. The grammars are Docker's (container names: `[a-zA-Z0-9][a-zA-Z0-9_.-]*`, an
// optional leading '/'; images: distribution/reference).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkContainerRef,
  checkImageRef,
  containerPathSegment,
  imagePathSegments,
  InvalidReferenceError,
  isContainerId,
} from './names';

const id64 = 'd7fc95096dbd9064a4c0e0b0f7a2c1f3b6a5e4d3c2b1a09f8e7d6c5b4a392817';

describe('container names and IDs', () => {
  test('names and IDs Docker accepts pass, without the leading slash of inspect’s Name', () => {
    for (const [input, value] of [
      ['web', 'web'],
      ['my_app.1-2', 'my_app.1-2'],
      ['/web', 'web'],
      ['compose-web-1', 'compose-web-1'],
      [id64, id64],
      [id64.slice(0, 12), id64.slice(0, 12)],
      ['a', 'a'],
    ])
      assert.deepEqual(checkContainerRef(input), { ok: true, value }, input);
  });

  test('anything else is "not a container name or ID", before any request', () => {
    for (const input of [
      '../../containers/json',
      '..',
      '.hidden',
      '-rm',
      '_x',
      'a/b',
      'a b',
      'a?all=1',
      'a#b',
      'a%2F..',
      'ä',
      '',
      '/',
      '//web',
      'web\n',
    ]) {
      const checked = checkContainerRef(input);
      assert.equal(checked.ok, false, JSON.stringify(input));
      if (!checked.ok) {
        assert.ok(checked.error instanceof InvalidReferenceError);
        assert.match(checked.error.message, /is not a container name or ID/);
      }
      assert.throws(() => containerPathSegment(input), InvalidReferenceError);
    }
  });

  test('IDs are 12 to 64 lowercase hex digits', () => {
    assert.equal(isContainerId(id64), true);
    assert.equal(isContainerId(id64.slice(0, 12)), true);
    assert.equal(isContainerId(id64.slice(0, 11)), false);
    assert.equal(isContainerId(id64 + '0'), false);
    assert.equal(isContainerId('web-server-1'), false);
  });

  test('a control character in the input is not echoed into the message', () => {
    const checked = checkContainerRef('a\u001b[31mred');
    assert.equal(checked.ok, false);
    if (!checked.ok) assert.ok(!checked.error.message.includes('\u001b'), checked.error.message);
  });
});

describe('image references', () => {
  test('references Docker accepts pass', () => {
    for (const input of [
      'debian',
      'debian:bookworm',
      'library/debian:12',
      'cdoc-lab/t-d7fc95096dbd9064:latest',
      'registry.example.com:5000/team/app:1.2',
      'localhost/app',
      `app@sha256:${id64}`,
      `sha256:${id64}`,
      id64.slice(0, 12),
    ])
      assert.deepEqual(checkImageRef(input), { ok: true, value: input }, input);
  });

  test('anything else is "not an image reference"', () => {
    for (const input of [
      '../../containers/json',
      'Debian',
      'debian:',
      'a:b:c',
      'team//app',
      'app@sha256:short',
      'app?x=1',
      '',
    ]) {
      const checked = checkImageRef(input);
      assert.equal(checked.ok, false, JSON.stringify(input));
      if (!checked.ok) assert.match(checked.error.message, /is not an image reference/);
    }
  });

  test('path segments: every part encoded, the slashes kept as the docker CLI sends them', () => {
    assert.equal(
      imagePathSegments('registry.example.com:5000/team/app:1.2'),
      'registry.example.com%3A5000/team/app%3A1.2',
    );
    assert.equal(imagePathSegments(`sha256:${id64}`), `sha256%3A${id64}`);
    assert.equal(containerPathSegment('/web'), 'web');
    assert.throws(() => imagePathSegments('../../containers/json'), InvalidReferenceError);
  });
});
