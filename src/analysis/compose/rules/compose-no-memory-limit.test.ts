import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findingsOf, ruleTester } from '../../rules/tester';
import { composeNoMemoryLimit } from './compose-no-memory-limit';
import { placeholderValue } from './compose-no-memory-limit';

const rule = 'compose-no-memory-limit';
const web = placeholderValue('web');

describe(rule, () => {
  test('the placeholder is a required-variable interpolation, not a number', () => {
    assert.equal(web, '"${WEB_MEMORY_LIMIT:?choose a memory limit for service web}"');
    assert.equal(
      placeholderValue('my-api.v2'),
      '"${MY_API_V2_MEMORY_LIMIT:?choose a memory limit for service my-api.v2}"',
    );
    assert.equal(
      placeholderValue('1st'),
      '"${_1ST_MEMORY_LIMIT:?choose a memory limit for service 1st}"',
    );
  });

  ruleTester(composeNoMemoryLimit, {
    valid: [
      {
        name: 'deploy.resources.limits.memory',
        code: 'services:\n  web:\n    image: nginx\n    deploy:\n      resources:\n        limits:\n          memory: 256M\n',
      },
      { name: 'mem_limit', code: 'services:\n  web:\n    image: nginx\n    mem_limit: 1g\n' },
      {
        name: 'limit from an interpolated variable',
        code: 'services:\n  web:\n    image: nginx\n    mem_limit: ${WEB_MEM:-512m}\n',
      },
      {
        name: 'limit provided by a merge key',
        code:
          'x-limits: &limits\n  deploy:\n    resources:\n      limits:\n        memory: 1G\n' +
          'services:\n  web:\n    <<: *limits\n    image: nginx\n',
      },
      {
        name: 'limit provided by a same-file extends',
        code:
          'services:\n  base:\n    image: nginx\n    mem_limit: 1g\n' +
          '  web:\n    extends: base\n    command: nginx -g "daemon off;"\n',
      },
      {
        name: 'extends from another file: unknown, so quiet',
        code: 'services:\n  web:\n    extends:\n      file: common.yml\n      service: web\n',
      },
      { name: 'no services key', code: 'version: "3"\nvolumes:\n  data: {}\n' },
      { name: 'services is not a mapping', code: 'services: []\n' },
      { name: 'a service that is not a mapping', code: 'services:\n  web: nginx\n' },
      { name: 'x- keys are not services', code: 'services:\n  x-notes:\n    owner: me\n' },
      { name: 'malformed YAML', code: 'services:\n  web:\n    image: [nginx\n' },
      { name: 'empty file', code: '' },
      {
        name: 'suppressed above the service key',
        code: 'services:\n  # container-doctor-ignore compose-no-memory-limit\n  web:\n    image: nginx\n',
      },
      {
        name: 'suppressed above the deploy key',
        code:
          'services:\n  web:\n    image: nginx\n    # container-doctor-ignore compose-no-memory-limit\n' +
          '    deploy:\n      replicas: 2\n',
      },
      {
        name: 'turned off in the options',
        code: 'services:\n  web:\n    image: nginx\n',
        options: { rules: { [rule]: 'off' } },
      },
    ],
    invalid: [
      {
        name: 'no limit: insert the whole deploy block, indented like the service',
        code: 'services:\n  web:\n    image: nginx\n',
        errors: [{ message: /no memory limit/ }],
        preferred: false,
        output: `services:\n  web:\n    deploy:\n      resources:\n        limits:\n          memory: ${web}\n    image: nginx\n`,
      },
      {
        name: 'four-space indentation and comments are kept',
        errors: [{}],
        code: '# my stack\nservices:\n    web:   # the front\n        # nginx\n        image: nginx # pinned later\n',
        output: `# my stack\nservices:\n    web:   # the front\n        deploy:\n            resources:\n                limits:\n                    memory: ${web}\n        # nginx\n        image: nginx # pinned later\n`,
      },
      {
        name: 'deploy without resources: completes the existing deploy',
        errors: [{}],
        code: 'services:\n  web:\n    image: nginx\n    deploy:\n      replicas: 2\n',
        output: `services:\n  web:\n    image: nginx\n    deploy:\n      resources:\n        limits:\n          memory: ${web}\n      replicas: 2\n`,
      },
      {
        name: 'limits with cpus only: adds memory beside it',
        errors: [{}],
        code: 'services:\n  web:\n    deploy:\n      resources:\n        limits:\n          cpus: "0.5"\n',
        output: `services:\n  web:\n    deploy:\n      resources:\n        limits:\n          memory: ${web}\n          cpus: "0.5"\n`,
      },
      {
        name: 'an empty deploy key gets children',
        errors: [{}],
        code: 'services:\n  web:\n    image: nginx\n    deploy:\n',
        output: `services:\n  web:\n    image: nginx\n    deploy:\n      resources:\n        limits:\n          memory: ${web}\n`,
      },
      {
        name: 'CRLF file: CRLF lines inserted',
        errors: [{}],
        code: 'services:\r\n  web:\r\n    image: nginx\r\n',
        output: `services:\r\n  web:\r\n    deploy:\r\n      resources:\r\n        limits:\r\n          memory: ${web}\r\n    image: nginx\r\n`,
      },
      {
        name: 'mem_reservation is not a limit',
        errors: [{}],
        code: 'services:\n  web:\n    image: nginx\n    mem_reservation: 256m\n',
        output: `services:\n  web:\n    deploy:\n      resources:\n        limits:\n          memory: ${web}\n    image: nginx\n    mem_reservation: 256m\n`,
      },
      {
        name: 'two services, two findings, each fixed',
        errors: [{}, {}],
        code: 'services:\n  web:\n    image: nginx\n  db:\n    image: postgres\n',
        output:
          `services:\n  web:\n    deploy:\n      resources:\n        limits:\n          memory: ${web}\n    image: nginx\n` +
          `  db:\n    deploy:\n      resources:\n        limits:\n          memory: ${placeholderValue('db')}\n    image: postgres\n`,
      },
      {
        name: 'a suppression for another rule does not apply',
        errors: [{}],
        code: 'services:\n  # container-doctor-ignore compose-node-without-init\n  web:\n    image: nginx\n',
        output: `services:\n  # container-doctor-ignore compose-node-without-init\n  web:\n    deploy:\n      resources:\n        limits:\n          memory: ${web}\n    image: nginx\n`,
      },
      {
        name: 'flow-style service: reported, no fix (lines cannot go there)',
        errors: [{}],
        code: 'services:\n  web: { image: nginx }\n',
        output: null,
      },
      {
        name: 'deploy only from a merge key: no fix (an explicit deploy would replace it)',
        errors: [{}],
        code: 'x-deploy: &d\n  deploy:\n    replicas: 2\nservices:\n  web:\n    <<: *d\n    image: nginx\n',
        output: null,
      },
      {
        name: 'last line without a final line break',
        errors: [{}],
        code: 'services:\n  web:\n    deploy:',
        output: `services:\n  web:\n    deploy:\n      resources:\n        limits:\n          memory: ${web}`,
      },
    ],
  });

  test('severity follows the options', () => {
    const [finding] = findingsOf(
      composeNoMemoryLimit,
      'services:\n  web:\n    image: nginx\n',
      {},
      {
        rules: { [rule]: 'error' },
      },
    );
    assert.equal(finding.severity, 'error');
  });

  test('the finding points at the service key', () => {
    const [finding] = findingsOf(composeNoMemoryLimit, 'services:\n  web:\n    image: nginx\n');
    assert.deepEqual(finding.range, {
      start: { line: 1, character: 2 },
      end: { line: 1, character: 5 },
    });
  });
});
