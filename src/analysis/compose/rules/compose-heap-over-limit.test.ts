import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzeCompose } from '../index';
import { applyEdits } from '../../memory/rule-table';
import { runHeapRuleTable as runRuleTable } from '../../memory/rule-table';
import type { BuildContext } from '../../types';

const rule = 'compose-heap-over-limit';

describe(rule, () => {
  runRuleTable(rule, {
    valid: [
      {
        name: 'container-relative JVM heap',
        code: 'services:\n  api:\n    image: x\n    command: java -XX:MaxRAMPercentage=75.0 -jar a.jar\n    mem_limit: 768m\n',
      },
      {
        name: 'no limit (compose-no-memory-limit speaks)',
        code: 'services:\n  api:\n    image: x\n    command: java -Xmx4g -jar a.jar\n',
      },
      {
        name: 'a limit from a variable is unknown',
        code: 'services:\n  api:\n    image: x\n    command: java -Xmx4g -jar a.jar\n    mem_limit: ${API_MEM:-1g}\n',
      },
      {
        name: 'JAVA_OPTS the command does not expand',
        code: 'services:\n  api:\n    image: x\n    environment:\n      JAVA_OPTS: -Xmx4g\n    command: ["java", "-jar", "a.jar"]\n    mem_limit: 1g\n',
      },
      {
        name: 'node under a limit its default heap fits',
        code: 'services:\n  web:\n    image: node:20\n    mem_limit: 512m\n',
      },
      {
        name: 'suppressed',
        code: 'services:\n  # container-doctor-ignore compose-heap-over-limit\n  api:\n    image: x\n    command: java -Xmx1g -jar a.jar\n    mem_limit: 768m\n',
      },
    ],
    invalid: [
      {
        name: 'java -Xmx1g under mem_limit 768m',
        code: 'services:\n  api:\n    image: x\n    command: java -Xmx1g -jar a.jar # the app\n    mem_limit: 768m\n',
        message: 'at or above the service.s 768 MiB memory limit',
        preferred: true,
        output:
          'services:\n  api:\n    image: x\n    command: java -XX:MaxRAMPercentage=75.0 -jar a.jar # the app\n    mem_limit: 768m\n',
      },
      {
        name: 'JAVA_OPTS="-Xms2g -Xmx2g" expanded by sh -c, under a 1 GiB deploy limit',
        code: 'services:\n  api:\n    image: x\n    environment:\n      - JAVA_OPTS=-Xms2g -Xmx2g\n    command: ["sh", "-c", "exec java $$JAVA_OPTS -jar a.jar"]\n    deploy:\n      resources:\n        limits:\n          memory: 1G\n',
        message: '2 GiB \\(-Xmx2g\\)',
        output:
          'services:\n  api:\n    image: x\n    environment:\n      - JAVA_OPTS=-XX:InitialRAMPercentage=75.0 -XX:MaxRAMPercentage=75.0\n    command: ["sh", "-c", "exec java $$JAVA_OPTS -jar a.jar"]\n    deploy:\n      resources:\n        limits:\n          memory: 1G\n',
      },
      {
        name: 'node --max-old-space-size=4096 under 512m',
        code: 'services:\n  web:\n    image: node:20\n    init: true\n    command: ["node", "--max-old-space-size=4096", "server.js"]\n    mem_limit: 512m\n',
        output:
          'services:\n  web:\n    image: node:20\n    init: true\n    command: ["node", "--max-old-space-size=384", "server.js"]\n    mem_limit: 512m\n',
      },
      {
        name: 'NODE_OPTIONS=--max-old-space-size=2048 under 1G, map form',
        code: 'services:\n  web:\n    image: node:20\n    init: true\n    environment:\n      NODE_OPTIONS: "--max-old-space-size=2048"\n    mem_limit: 1G\n',
        output:
          'services:\n  web:\n    image: node:20\n    init: true\n    environment:\n      NODE_OPTIONS: "--max-old-space-size=768"\n    mem_limit: 1G\n',
      },
      {
        name: "node's default heap (256 MiB) under 192m: NODE_OPTIONS is added to the list",
        code: 'services:\n  web:\n    image: node:18\n    init: true\n    environment:\n      - PORT=8080\n    mem_limit: 192m\n',
        message: "Node's default for a 192 MiB limit",
        output:
          'services:\n  web:\n    image: node:18\n    init: true\n    environment:\n      - NODE_OPTIONS=--max-old-space-size=144\n      - PORT=8080\n    mem_limit: 192m\n',
      },
      {
        name: 'GOMEMLIMIT above the limit',
        code: 'services:\n  svc:\n    image: x\n    environment:\n      GOMEMLIMIT: 2GiB\n    mem_limit: 1g\n',
        output:
          'services:\n  svc:\n    image: x\n    environment:\n      GOMEMLIMIT: 921MiB\n    mem_limit: 1g\n',
      },
      {
        name: 'DOTNET_GCHeapHardLimit above the limit',
        code: 'services:\n  svc:\n    image: x\n    environment:\n      DOTNET_GCHeapHardLimit: "0x80000000"\n    mem_limit: 1g\n',
        output:
          'services:\n  svc:\n    image: x\n    environment:\n      DOTNET_GCHeapHardLimit: "0x2FF00000"\n    mem_limit: 1g\n',
      },
    ],
  });

  test('raise the limit instead: computed, in the style of the old value', () => {
    const code =
      'services:\n  api:\n    image: x\n    command: java -Xmx1g -jar a.jar\n    mem_limit: "1G"\n';
    const [finding] = analyzeCompose('compose.yaml', code).findings.filter((f) => f.rule === rule);
    const raise = finding!.fixes.find((f) => f.title.startsWith('Raise'));
    assert.ok(raise);
    assert.equal(
      applyEdits(code, raise.edits),
      'services:\n  api:\n    image: x\n    command: java -Xmx1g -jar a.jar\n    mem_limit: "1408M"\n',
    );
  });

  test('a service built from a workspace Dockerfile: found there, fixed there', () => {
    const dockerfile =
      'FROM eclipse-temurin:17\n# heap for prod\nENV JAVA_TOOL_OPTIONS="-Xmx2g"\nCMD ["java", "-jar", "/app.jar"]\n';
    const context: BuildContext = {
      readFile: (p) => (p === 'api/Dockerfile' ? dockerfile : undefined),
      pathOf: (p) => `/ws/${p}`,
    };
    const code = 'services:\n  api:\n    build:\n      context: ./api\n    mem_limit: 1g\n';
    const findings = analyzeCompose('/ws/compose.yaml', code, {}, context).findings.filter(
      (f) => f.rule === rule,
    );
    assert.equal(findings.length, 1);
    const f = findings[0]!;
    assert.equal(f.range.start.line, 4, 'points at the limit in the compose file');
    assert.equal(f.related[0]?.path, '/ws/api/Dockerfile');
    const edits = f.fixes[0]!.edits;
    assert.deepEqual(
      edits.map((e) => e.path),
      ['/ws/api/Dockerfile'],
    );
    assert.equal(
      applyEdits(dockerfile, edits),
      'FROM eclipse-temurin:17\n# heap for prod\nENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75.0"\nCMD ["java", "-jar", "/app.jar"]\n',
    );
  });
});
