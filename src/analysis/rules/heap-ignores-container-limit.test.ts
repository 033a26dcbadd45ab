import { ruleTester } from './tester';
import { heapIgnoresContainerLimit } from './heap-ignores-container-limit';

ruleTester(heapIgnoresContainerLimit, {
  valid: [
    {
      name: 'container support on (default)',
      code: 'FROM eclipse-temurin:17\nCMD ["java", "-jar", "a.jar"]\n',
    },
    {
      name: 'explicitly on',
      code: 'FROM eclipse-temurin:17\nENV JAVA_TOOL_OPTIONS="-XX:+UseContainerSupport"\n',
    },
    {
      name: 'suppressed',
      code: 'FROM eclipse-temurin:17\n# container-doctor-ignore heap-ignores-container-limit\nENV JAVA_TOOL_OPTIONS="-XX:-UseContainerSupport"\n',
    },
  ],
  invalid: [
    {
      name: 'in JAVA_TOOL_OPTIONS',
      code: 'FROM eclipse-temurin:17\nENV JAVA_TOOL_OPTIONS="-XX:-UseContainerSupport -Xss1m"\n',
      errors: [{ message: "size its heap from the host's memory", severity: 'warning', line: 2 }],
      output: 'FROM eclipse-temurin:17\nENV JAVA_TOOL_OPTIONS="-XX:+UseContainerSupport -Xss1m"\n',
    },
    {
      name: 'in an exec-form command',
      code: 'FROM eclipse-temurin:17\nCMD ["java", "-XX:-UseContainerSupport", "-jar", "a.jar"]\n',
      errors: [{ message: '6028 MiB of heap under a 256 MiB limit' }],
      output:
        'FROM eclipse-temurin:17\nCMD ["java", "-XX:+UseContainerSupport", "-jar", "a.jar"]\n',
    },
  ],
});
