import { ruleTester } from './tester';
import { jvmObsoleteFlag } from './jvm-obsolete-flag';

ruleTester(jvmObsoleteFlag, {
  valid: [
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
      name: 'UseCGroupMemoryLimitForHeap (removed in 10)',
      code: 'FROM eclipse-temurin:17\nENV JAVA_OPTS="-XX:+UnlockExperimentalVMOptions -XX:+UseCGroupMemoryLimitForHeap"\n',
      errors: [{ message: 'removed in JDK 10', severity: 'warning' }],
      output: 'FROM eclipse-temurin:17\nENV JAVA_OPTS="-XX:+UnlockExperimentalVMOptions"\n',
    },
    {
      name: 'MaxPermSize in exec form (removed in 8)',
      code: 'FROM eclipse-temurin:17\nCMD ["java", "-XX:MaxPermSize=256m", "-jar", "a.jar"]\n',
      errors: [{ message: 'JEP 122' }],
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
