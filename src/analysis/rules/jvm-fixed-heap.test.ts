import { ruleTester } from './tester';
import { jvmFixedHeap } from './jvm-fixed-heap';

ruleTester(jvmFixedHeap, {
  valid: [
    {
      name: 'container-relative heap',
      code: 'FROM eclipse-temurin:21\nENV JAVA_OPTS="-XX:MaxRAMPercentage=75.0"\nCMD ["java", "-jar", "/app.jar"]\n',
    },
    {
      name: '-Xmx at build time only (RUN)',
      code: 'FROM eclipse-temurin:21\nRUN java -Xmx1g -jar tool.jar\nCMD ["java", "-jar", "/app.jar"]\n',
    },
    { name: 'not a java command', code: 'FROM debian:12\nCMD ["echo", "-Xmx512m"]\n' },
  ],
  invalid: [
    {
      name: 'ENV JAVA_OPTS with -Xmx',
      code: 'FROM eclipse-temurin:17\nENV JAVA_OPTS="-Xms256m -Xmx512m -Dfile.encoding=UTF-8"\nCMD java $JAVA_OPTS -jar /app.jar\n',
      errors: [{ message: '-Xmx512m fixes the JVM heap', severity: 'info', line: 2 }],
      output:
        'FROM eclipse-temurin:17\nENV JAVA_OPTS="-Xms256m -XX:MaxRAMPercentage=75.0 -Dfile.encoding=UTF-8"\nCMD java $JAVA_OPTS -jar /app.jar\n',
    },
    {
      name: 'exec form java -Xmx',
      code: 'FROM eclipse-temurin:21-jre\nENTRYPOINT ["java", "-Xmx2g", "-jar", "/app.jar"]\n',
      errors: [{}],
      output:
        'FROM eclipse-temurin:21-jre\nENTRYPOINT ["java", "-XX:MaxRAMPercentage=75.0", "-jar", "/app.jar"]\n',
    },
    {
      name: 'JAVA_TOOL_OPTIONS, legacy ENV syntax',
      code: 'FROM openjdk:11\nENV JAVA_TOOL_OPTIONS -Xmx1024m\n',
      errors: [{}],
      output: 'FROM openjdk:11\nENV JAVA_TOOL_OPTIONS -XX:MaxRAMPercentage=75.0\n',
    },
    {
      name: 'MaxRAMPercentage already set: remove -Xmx',
      code: 'FROM eclipse-temurin:17\nCMD ["java", "-XX:MaxRAMPercentage=60", "-Xmx1g", "-jar", "a.jar"]\n',
      errors: [{}],
      output: 'FROM eclipse-temurin:17\nCMD ["java", "-XX:MaxRAMPercentage=60", "-jar", "a.jar"]\n',
    },
    {
      name: 'JDK older than 8u191: no fix',
      code: 'FROM openjdk:8u151-jre\nCMD ["java", "-Xmx512m", "-jar", "a.jar"]\n',
      errors: [{ message: 'predates container support' }],
      output: null,
    },
  ],
});
