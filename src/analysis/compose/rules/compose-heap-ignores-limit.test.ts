import { describe } from 'node:test';
import { runHeapRuleTable as runRuleTable } from '../../memory/rule-table';

const rule = 'compose-heap-ignores-limit';

describe(rule, () => {
  runRuleTable(rule, {
    valid: [
      {
        name: 'container support on',
        code: 'services:\n  api:\n    image: x\n    command: java -XX:+UseContainerSupport -jar a.jar\n    mem_limit: 1g\n',
      },
      {
        name: '-Xmx decides the heap (the over-limit rule judges it)',
        code: 'services:\n  api:\n    image: x\n    command: java -XX:-UseContainerSupport -Xmx512m -jar a.jar\n    mem_limit: 1g\n',
      },
      {
        name: 'MaxRAM within the limit',
        code: 'services:\n  api:\n    image: x\n    command: java -XX:MaxRAM=512m -jar a.jar\n    mem_limit: 1g\n',
      },
    ],
    invalid: [
      {
        name: '-XX:-UseContainerSupport in JAVA_TOOL_OPTIONS',
        code: 'services:\n  api:\n    image: x\n    environment:\n      JAVA_TOOL_OPTIONS: "-XX:-UseContainerSupport"\n    mem_limit: 1g\n',
        message: "from the host's memory",
        output:
          'services:\n  api:\n    image: x\n    environment:\n      JAVA_TOOL_OPTIONS: "-XX:+UseContainerSupport"\n    mem_limit: 1g\n',
      },
      {
        name: '-XX:MaxRAM above the limit',
        code: 'services:\n  api:\n    image: x\n    command: java -XX:MaxRAM=8g -jar a.jar\n    mem_limit: 1g\n',
        message: 'from 8g instead of',
        output:
          'services:\n  api:\n    image: x\n    command: java -XX:MaxRAM=1g -jar a.jar\n    mem_limit: 1g\n',
      },
      {
        name: 'without a limit, container support off still ignores the one it will get',
        code: 'services:\n  api:\n    image: x\n    command: java -XX:-UseContainerSupport -jar a.jar\n',
        message: 'any limit the container gets',
        output:
          'services:\n  api:\n    image: x\n    command: java -XX:+UseContainerSupport -jar a.jar\n',
      },
    ],
  });
});
