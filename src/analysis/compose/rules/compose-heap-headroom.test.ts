import { describe } from 'node:test';
import { runHeapRuleTable as runRuleTable } from '../../memory/rule-table';

const rule = 'compose-heap-headroom';

describe(rule, () => {
  runRuleTable(rule, {
    valid: [
      {
        name: 'node with 128 MiB to spare',
        code: 'services:\n  web:\n    image: x\n    command: node --max-old-space-size=384 s.js\n    mem_limit: 512m\n',
      },
      {
        name: 'over the limit is the other rule',
        code: 'services:\n  web:\n    image: x\n    command: node --max-old-space-size=600 s.js\n    mem_limit: 512m\n',
      },
    ],
    invalid: [
      {
        name: 'node with 12 MiB to spare (measured need: 32 MiB)',
        code: 'services:\n  web:\n    image: x\n    command: node --max-old-space-size=500 s.js\n    mem_limit: 512m\n',
        message: 'leaves 12 MiB of the 512 MiB limit.*at least 32 MiB',
        output:
          'services:\n  web:\n    image: x\n    command: node --max-old-space-size=384 s.js\n    mem_limit: 512m\n',
      },
      {
        name: 'JVM with 24 MiB to spare (measured need: 48 MiB)',
        code: 'services:\n  api:\n    image: x\n    environment:\n      JAVA_TOOL_OPTIONS: -Xmx1000m\n    mem_limit: 1g\n',
        message: 'at least 48 MiB',
        output:
          'services:\n  api:\n    image: x\n    environment:\n      JAVA_TOOL_OPTIONS: -XX:MaxRAMPercentage=75.0\n    mem_limit: 1g\n',
      },
    ],
  });
});
