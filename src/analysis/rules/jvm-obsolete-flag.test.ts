import { ruleTester } from './tester';
import { jvmObsoleteFlag } from './jvm-obsolete-flag';

ruleTester(jvmObsoleteFlag, {
  valid: [
    {
      name: 'UseCGroupMemoryLimitForHeap on JDK 10 is deprecated, not removed',
      code: 'FROM openjdk:10\nENV JAVA_OPTS="-XX:+UnlockExperimentalVMOptions -XX:+UseCGroupMemoryLimitForHeap"\n',
    },
    {
      name: 'current flags',
      code: 'FROM eclipse-temurin:21\nENV JAVA_OPTS="-XX:+UseContainerSupport -XX:MaxRAMPercentage=75"\n',
    },
    {
      name: 'MaxPermSize on JDK 7 still exists',
      code: 'FROM openjdk:7\nCMD ["java", "-XX:MaxPermSize=256m", "-jar", "a.jar"]\n',
    },
  ],
  invalid: [
    {
      name: 'MaxPermSize on Java 8: ignored with a warning, not a refusal',
      code: 'FROM openjdk:8u181-jre\nCMD ["java", "-XX:MaxPermSize=256m", "-jar", "a.jar"]\n',
      errors: [{ message: 'Java 8 starts but ignores it with a warning', severity: 'warning' }],
      output: 'FROM openjdk:8u181-jre\nCMD ["java", "-jar", "a.jar"]\n',
    },
    {
      name: 'MaxPermSize, Java version unknown: both behaviours, honestly',
      code: 'FROM debian:12\nENV JAVA_OPTS="-XX:MaxPermSize=256m"\n',
      errors: [
        {
          message:
            'ignored with a warning on Java 8, refuses to start on Java 17+ ("Unrecognized VM option", exit 1)',
          severity: 'warning',
        },
      ],
      output: 'FROM debian:12\nENV JAVA_OPTS=""\n',
    },
    {
      name: 'MaxPermSize on Java 11: between the documented and the measured version',
      code: 'FROM eclipse-temurin:11-jre\nENV JAVA_TOOL_OPTIONS="-XX:PermSize=64m -Xss1m"\n',
      errors: [
        {
          message:
            'refuses to start on Java 17+ ("Unrecognized VM option", exit 1) (Java 11: not measured)',
        },
      ],
      output: 'FROM eclipse-temurin:11-jre\nENV JAVA_TOOL_OPTIONS="-Xss1m"\n',
    },
    {
      name: 'CMS on Java 14: JEP 363 says it warns',
      code: 'FROM openjdk:14\nCMD ["java", "-XX:+UseConcMarkSweepGC", "-jar", "a.jar"]\n',
      errors: [{ message: 'Java 14 starts but ignores it with a warning' }],
      output: 'FROM openjdk:14\nCMD ["java", "-jar", "a.jar"]\n',
    },
    {
      name: 'Xincgc on Java 21 (behind a registry host)',
      code: 'FROM docker.io/library/eclipse-temurin:21-jre\nCMD ["java", "-Xincgc", "-jar", "a.jar"]\n',
      errors: [{ message: 'Java 21 refuses to start with it' }],
      output: 'FROM docker.io/library/eclipse-temurin:21-jre\nCMD ["java", "-jar", "a.jar"]\n',
    },
    {
      name: 'UseCGroupMemoryLimitForHeap (removed in 10)',
      code: 'FROM eclipse-temurin:17\nENV JAVA_OPTS="-XX:+UnlockExperimentalVMOptions -XX:+UseCGroupMemoryLimitForHeap"\n',
      errors: [{ message: 'Java 17 refuses to start with it', severity: 'warning' }],
      output: 'FROM eclipse-temurin:17\nENV JAVA_OPTS="-XX:+UnlockExperimentalVMOptions"\n',
    },
    {
      name: 'MaxPermSize in exec form on Java 17: refuses to start (measured)',
      code: 'FROM eclipse-temurin:17\nCMD ["java", "-XX:MaxPermSize=256m", "-jar", "a.jar"]\n',
      errors: [{ message: 'Java 17 refuses to start with it ("Unrecognized VM option", exit 1)' }],
      output: 'FROM eclipse-temurin:17\nCMD ["java", "-jar", "a.jar"]\n',
    },
    {
      name: 'last JSON element',
      code: 'FROM eclipse-temurin:17\nENTRYPOINT ["java", "-jar", "a.jar", "-XX:+UseConcMarkSweepGC"]\n',
      errors: [{ message: 'JDK 14' }],
      output: 'FROM eclipse-temurin:17\nENTRYPOINT ["java", "-jar", "a.jar"]\n',
    },
    {
      name: 'unknown JDK, flag removed in 10: information',
      code: 'FROM example.com/java-base\nENV JAVA_OPTS="-XX:+UseParNewGC"\n',
      errors: [{ severity: 'info' }],
    },
  ],
});
