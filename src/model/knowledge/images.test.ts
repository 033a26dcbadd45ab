import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { imageFamily, inheritedConfig, isFedora, parseImageRef } from './images';

describe('image references: registry hosts, library/ and mirrors', () => {
  const families: [string, string | null][] = [
    ['mirror.example:5000/library/debian:12', 'debian'],
    ['docker.io/library/node:20', 'debian'],
    ['index.docker.io/library/alpine:3.19', 'alpine'],
    ['registry.access.redhat.com/ubi9/ubi-minimal', 'rhel'],
    ['registry.redhat.io/ubi8/ubi:8.9', 'rhel'],
    ['public.ecr.aws/docker/library/python:3.12', 'debian'],
    ['public.ecr.aws/docker/library/python:3.12-alpine', 'alpine'],
    ['public.ecr.aws/amazonlinux/amazonlinux:2023', 'rhel'],
    ['gcr.io/distroless/nodejs20-debian12', 'distroless'],
    ['gcr.io/distroless/nodejs20-debian12:debug', 'busybox'],
    ['mirror.gcr.io/library/busybox:1.36', 'busybox'],
    ['localhost/library/busybox', 'busybox'],
    ['quay.io/fedora/fedora:40', 'rhel'],
    ['registry.fedoraproject.org/fedora:40', 'rhel'],
    ['MIRROR.Example:5000/Library/Debian:12@sha256:0123', 'debian'],
    // A private registry's own image named like an official one is not assumed to be it.
    ['mirror.example:5000/debian:12', null],
    ['registry.example.com/team/app:1', null],
    ['bitnami/node:20', null],
  ];
  for (const [image, family] of families)
    test(`${image} → ${family ?? 'unknown'}`, () => assert.equal(imageFamily(image), family));

  test('the registry is kept apart from the Hub name', () => {
    assert.deepEqual(parseImageRef('mirror.example:5000/library/debian:12'), {
      repository: 'debian',
      tag: '12',
      registry: 'mirror.example:5000',
    });
    assert.deepEqual(parseImageRef('node'), { repository: 'node', tag: null, registry: null });
    assert.deepEqual(parseImageRef('localhost:5000/app'), {
      repository: 'localhost:5000/app',
      tag: null,
      registry: 'localhost:5000',
    });
    // a port is not a tag
    assert.equal(parseImageRef('mirror.example:5000/library/node').tag, null);
  });

  test('official images behind a mirror inherit the official config', () => {
    assert.deepEqual(inheritedConfig('docker.io/library/node:20')?.cmd, ['node']);
    assert.deepEqual(inheritedConfig('public.ecr.aws/docker/library/python:3.12')?.cmd, [
      'python3',
    ]);
    assert.deepEqual(inheritedConfig('mirror.example:5000/library/debian:12')?.cmd, ['bash']);
    assert.deepEqual(inheritedConfig('gcr.io/distroless/nodejs20-debian12')?.entrypoint, [
      '/nodejs/bin/node',
    ]);
    assert.equal(inheritedConfig('mirror.example:5000/debian:12'), null);
  });

  test('Fedora under its own registries', () => {
    assert.ok(isFedora('quay.io/fedora/fedora:40'));
    assert.ok(isFedora('registry.fedoraproject.org/fedora'));
    assert.ok(!isFedora('registry.access.redhat.com/ubi9/ubi'));
  });
});
