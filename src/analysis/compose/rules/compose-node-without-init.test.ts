import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findingsOf, ruleTester } from '../../rules/tester';
import { composeNodeWithoutInit } from './compose-node-without-init';
import { firstWord, isNodeImage } from './compose-node-without-init';

const rule = 'compose-node-without-init';

describe(rule, () => {
  test('node images by name', () => {
    for (const image of [
      'node',
      'node:20',
      'node:20-alpine',
      'library/node:lts',
      'docker.io/library/node:22-bookworm-slim',
      'node@sha256:0123',
      'registry.example.com:5000/mirror/node:20',
    ])
      assert.equal(isNodeImage(image), true, image);
    for (const image of ['nodered/node-red', 'nginx', 'my/node-app:1', 'node-exporter', 42])
      assert.equal(isNodeImage(image), false, String(image));
  });

  test('first word of a compose command string (argv splitting, no shell)', () => {
    assert.equal(firstWord('  npm start'), 'npm');
    assert.equal(firstWord('"/usr/local/bin/node" server.js'), '/usr/local/bin/node');
    assert.equal(firstWord("'my prog' x"), 'my prog');
    assert.equal(firstWord(''), '');
  });

  ruleTester(composeNodeWithoutInit, {
    valid: [
      { name: 'init: true', code: 'services:\n  api:\n    image: node:20\n    init: true\n' },
      { name: 'not node', code: 'services:\n  web:\n    image: nginx:1.27\n' },
      {
        name: 'tini as the entrypoint',
        code: 'services:\n  api:\n    image: node:20\n    entrypoint: ["tini", "--", "node", "server.js"]\n',
      },
      {
        name: 'dumb-init in a string entrypoint',
        code: 'services:\n  api:\n    image: my/app\n    entrypoint: /usr/bin/dumb-init -- node server.js\n',
      },
      {
        name: 'init from a merge key',
        code: 'x-common: &common\n  init: true\nservices:\n  api:\n    <<: *common\n    image: node:20\n',
      },
      {
        name: 'init from a same-file extends',
        code:
          'services:\n  base:\n    image: node:20\n    init: true\n' +
          '  worker:\n    extends:\n      service: base\n    command: node worker.js\n',
      },
      {
        name: 'built image whose command is not node',
        code: 'services:\n  app:\n    build: .\n    command: ["python", "app.py"]\n',
      },
      {
        name: 'suppressed above the image key',
        code: 'services:\n  api:\n    # container-doctor-ignore compose-node-without-init\n    image: node:20\n',
      },
      {
        name: 'suppressed by a bare directive above the service (every rule)',
        code: 'services:\n  # container-doctor-ignore\n  api:\n    image: node:20\n',
      },
      {
        name: 'suppressed at the end of the service key line',
        code: 'services:\n  api: # container-doctor-ignore compose-node-without-init\n    image: node:20\n',
      },
      { name: 'malformed YAML', code: 'services:\n  api:\n    image: node:20\n   bad: [\n' },
      {
        name: 'off in the options',
        code: 'services:\n  api:\n    image: node:20\n',
        options: { rules: { [rule]: 'off' } },
      },
    ],
    invalid: [
      {
        name: 'node image: insert init: true with the service indentation',
        code: 'services:\n  api:\n    image: node:20-alpine\n    command: node server.js\n',
        errors: [{ message: /docker stop/ }],
        preferred: true,
        output:
          'services:\n  api:\n    init: true\n    image: node:20-alpine\n    command: node server.js\n',
      },
      {
        name: 'npm command on a built image',
        code: 'services:\n  api:\n    build: .\n    command: npm start\n',
        errors: [{ message: /npm wraps node/ }],
        output: 'services:\n  api:\n    init: true\n    build: .\n    command: npm start\n',
      },
      {
        name: 'exec-form yarn entrypoint with a path',
        errors: [{}],
        code: 'services:\n  api:\n    build: .\n    entrypoint: ["/usr/local/bin/yarn", "serve"]\n',
        output:
          'services:\n  api:\n    init: true\n    build: .\n    entrypoint: ["/usr/local/bin/yarn", "serve"]\n',
      },
      {
        name: 'init: false is turned to true in place, its comment kept',
        errors: [{}],
        code: 'services:\n  api:\n    image: node\n    init: false # was off\n',
        output: 'services:\n  api:\n    image: node\n    init: true # was off\n',
      },
      {
        name: 'tabs-free 4-space file with comments and CRLF',
        errors: [{}],
        code: 'services:\r\n    # the api\r\n    api:\r\n        image: node:22 # lts\r\n',
        output:
          'services:\r\n    # the api\r\n    api:\r\n        init: true\r\n        image: node:22 # lts\r\n',
      },
      {
        name: 'x- fields and anchors around the service',
        errors: [{}],
        code: 'x-env: &env\n  NODE_ENV: production\nservices:\n  api:\n    image: node:20\n    environment: *env\n',
        output:
          'x-env: &env\n  NODE_ENV: production\nservices:\n  api:\n    init: true\n    image: node:20\n    environment: *env\n',
      },
      {
        name: 'flow-style service: reported without a fix',
        errors: [{}],
        code: 'services:\n  api: {image: "node:20"}\n',
        output: null,
      },
      {
        name: 'a shell command on a node image: still no init, and the message says who PID 1 is',
        code: 'services:\n  api:\n    image: node:20\n    command: sh -c "npm start"\n',
        errors: [{ message: /starts `sh` as PID 1 with node under it/ }],
        output:
          'services:\n  api:\n    init: true\n    image: node:20\n    command: sh -c "npm start"\n',
      },
      {
        name: "node exec'd by a sh -c script on a non-node image is PID 1",
        code: 'services:\n  api:\n    image: debian:12\n    command: sh -c "cd /srv && exec node server.js"\n',
        errors: [{ message: /running node\) as PID 1/ }],
        output:
          'services:\n  api:\n    init: true\n    image: debian:12\n    command: sh -c "cd /srv && exec node server.js"\n',
      },
      {
        name: 'node as the last command of a sh -c script that stays: the shell is PID 1',
        code: 'services:\n  api:\n    image: debian:12\n    command: ["sh", "-c", "cd /srv && npm start"]\n',
        errors: [{ message: /starts `sh` as PID 1 with node under it/ }],
        output:
          'services:\n  api:\n    init: true\n    image: debian:12\n    command: ["sh", "-c", "cd /srv && npm start"]\n',
      },
      {
        name: 'the last line without a final line break',
        errors: [{}],
        code: 'services:\n  api:\n    image: node',
        output: 'services:\n  api:\n    init: true\n    image: node',
      },
    ],
  });

  test('related information points at the evidence', () => {
    const [finding] = findingsOf(composeNodeWithoutInit, 'services:\n  api:\n    image: node:20\n');
    assert.deepEqual(finding.related[0].range, {
      start: { line: 2, character: 11 },
      end: { line: 2, character: 18 },
    });
    assert.equal(finding.severity, 'warning');
  });
});
