import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findingsOf, ruleTester } from '../../rules/tester';
import { composeShellCommand } from './compose-shell-command';
import { splitWords } from '../words';

const rule = 'compose-shell-command';

describe(rule, () => {
  test('compose word splitting keeps source indices', () => {
    const words = splitWords(`sh -c "a && \\"b\\"" 'c d'`);
    assert.deepEqual(
      words.map((w) => w.text),
      ['sh', '-c', 'a && "b"', 'c d'],
    );
    assert.equal(words[2].at[0], 7); // `a` after the opening quote
    assert.equal(words[2].at[5], 13); // `\"` maps to the quote after the backslash
  });

  ruleTester(composeShellCommand, {
    valid: [
      {
        name: 'exec form, no shell',
        code: 'services:\n  a:\n    image: node:20\n    command: ["npm", "start"]\n',
      },
      {
        name: 'the script already execs',
        code: 'services:\n  a:\n    image: node:20\n    command: sh -c "npm run migrate && exec npm start"\n',
      },
      {
        name: 'bash execs a single simple command (measured)',
        code: 'services:\n  a:\n    image: node:20\n    command: bash -c "npm start"\n',
      },
      {
        name: 'BusyBox ash execs the last command of a list (measured)',
        code: 'services:\n  a:\n    image: node:20-alpine\n    command: sh -c "cd /app && node server.js"\n',
      },
      {
        name: 'init: true puts docker-init in front',
        code: 'services:\n  a:\n    image: node:20\n    init: true\n    command: sh -c "node server.js | tee /tmp/log"\n',
      },
      {
        name: 'an image whose ENTRYPOINT does not exec its arguments',
        code: 'services:\n  a:\n    image: gcr.io/distroless/nodejs20-debian12\n    command: sh -c "x"\n',
      },
      {
        name: "RHEL family sh is bash: a simple command is exec'd",
        code: 'services:\n  a:\n    image: registry.access.redhat.com/ubi9/ubi\n    command: sh -c "sleep 1000"\n',
      },
      {
        name: 'suppressed above the command key',
        code:
          'services:\n  a:\n    image: node:20\n    # container-doctor-ignore compose-shell-command\n' +
          '    command: sh -c "npm start"\n',
      },
    ],
    invalid: [
      {
        name: 'dash (node:20 is Debian) stays for a && list: exec the last command',
        code: 'services:\n  api:\n    image: node:20\n    command: sh -c "npm run migrate && npm start"\n',
        errors: [{ message: /stays PID 1/ }],
        preferred: true,
        output:
          'services:\n  api:\n    image: node:20\n    command: sh -c "npm run migrate && exec npm start"\n',
      },
      {
        name: 'list form in a flow sequence',
        errors: [{}],
        code: 'services:\n  web:\n    image: python:3.12\n    command: ["sh", "-c", "python manage.py migrate; gunicorn app.wsgi"]\n',
        output:
          'services:\n  web:\n    image: python:3.12\n    command: ["sh", "-c", "python manage.py migrate; exec gunicorn app.wsgi"]\n',
      },
      {
        name: 'bash stays with a redirection (measured); block sequence, comment kept',
        errors: [{}],
        code: 'services:\n  web:\n    image: my/app\n    entrypoint:\n      - bash\n      - -c\n      - node server.js > /var/log/app.log # logs\n',
        output:
          'services:\n  web:\n    image: my/app\n    entrypoint:\n      - bash\n      - -c\n      - exec node server.js > /var/log/app.log # logs\n',
      },
      {
        name: 'entrypoint sh -c with the script in command',
        errors: [{}],
        code: 'services:\n  api:\n    image: node:20\n    entrypoint: ["/bin/sh", "-c"]\n    command: ["npm ci && node server.js"]\n',
        output:
          'services:\n  api:\n    image: node:20\n    entrypoint: ["/bin/sh", "-c"]\n    command: ["npm ci && exec node server.js"]\n',
      },
      {
        name: 'a pipeline: every shell stays; no exec fix (it would change the pipeline)',
        errors: [{}],
        code: 'services:\n  api:\n    image: node:20-alpine\n    command: sh -c "node server.js | tee /tmp/log"\n',
        output: null,
      },
      {
        name: 'YAML escapes in the scalar: reported, no in-place fix',
        errors: [{}],
        code: 'services:\n  api:\n    image: node:20\n    command: "sh -c \\"npm start\\""\n',
        output: null,
      },
      {
        name: 'the last command is a builtin without a program: no fix',
        errors: [{}],
        code: 'services:\n  api:\n    image: debian:12\n    command: sh -c "./run.sh; cd /tmp"\n',
        output: null,
      },
    ],
  });

  test('an unknown image: info, because only dash stays for a simple command', () => {
    const [finding] = findingsOf(
      composeShellCommand,
      'services:\n  a:\n    build: .\n    command: sh -c "npm start"\n',
    );
    assert.equal(finding.severity, 'info');
    assert.match(finding.message, /not known/);
  });

  test('a known Debian image: warning, pointing at the command', () => {
    const [finding] = findingsOf(
      composeShellCommand,
      'services:\n  a:\n    image: debian:12\n    command: sh -c "sleep 1000"\n',
    );
    assert.equal(finding.severity, 'warning');
    assert.deepEqual(finding.range.start, { line: 3, character: 13 });
  });
});
