import { ruleTester } from './tester';
import { nodeHeapWithoutLimit } from './node-heap-without-limit';

ruleTester(nodeHeapWithoutLimit, {
  valid: [
    { name: 'no pinned heap', code: 'FROM node:20\nCMD ["node", "server.js"]\n' },
    { name: 'other NODE_OPTIONS', code: 'FROM node:20\nENV NODE_OPTIONS="--enable-source-maps"\n' },
    {
      name: 'suppressed',
      code: 'FROM node:20\n# container-doctor-ignore node-heap-without-limit\nENV NODE_OPTIONS="--max-old-space-size=4096"\n',
    },
  ],
  invalid: [
    {
      name: 'NODE_OPTIONS',
      code: 'FROM node:20\nENV NODE_OPTIONS="--max-old-space-size=4096"\nCMD ["node", "server.js"]\n',
      errors: [{ message: 'at 4096 MB', severity: 'info', line: 2 }],
      output: null,
    },
    {
      name: 'on the command line',
      code: 'FROM node:20\nCMD ["node", "--max-old-space-size=2048", "server.js"]\n',
      errors: [{ message: '2048' }],
    },
  ],
});
