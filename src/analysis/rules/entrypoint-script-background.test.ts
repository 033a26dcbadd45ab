import { ruleTester } from './tester';
import { entrypointScriptBackground } from './entrypoint-script-background';

const DF =
  'FROM eclipse-temurin:17\nCOPY startup.sh /app/startup.sh\nENTRYPOINT ["/app/startup.sh"]\n';

const seed000 = [
  '#!/bin/bash',
  'java -jar /app/app.jar &',
  'declare -i counter=0',
  'until [[ (( counter -ge 48 )) || "$(curl --silent --head $SERVER_URL | grep "Coyote")" != "" ]];',
  'do',
  '    printf "."',
  '    counter+=1',
  '    sleep 5',
  'done',
  'if [[ (( counter -ge 48 )) ]]; then',
  '    echo "Server failed to start"',
  '    exit 1;',
  'fi',
  'tail -f /dev/null',
  '',
].join('\n');

ruleTester(entrypointScriptBackground, {
  valid: [
    {
      name: 'exec of the main process',
      code: DF,
      files: { 'startup.sh': '#!/bin/sh\nexec java -jar /app/app.jar\n' },
    },
    {
      name: 'background + wait with a TERM-forwarding trap',
      code: DF,
      files: {
        'startup.sh':
          "#!/bin/sh\njava -jar /app/app.jar &\npid=$!\ntrap 'kill -TERM $pid' TERM INT\nwait $pid\n",
      },
    },
    { name: 'script not in the context: nothing claimed', code: DF },
    {
      name: 'foreground child (pid1-ignores-sigterm reports it)',
      code: DF,
      files: { 'startup.sh': '#!/bin/sh\njava -jar /app/app.jar\n' },
    },
  ],
  invalid: [
    {
      name: 'seed 000: start in the background, poll with curl, exit 1',
      code: DF,
      files: { 'startup.sh': seed000 },
      errors: [{ message: 'exits non-zero when the poll times out', severity: 'warning', line: 3 }],
    },
    {
      name: 'background + tail -f',
      code: DF,
      files: { 'startup.sh': '#!/bin/sh\njava -jar /app/app.jar &\ntail -f /dev/null\n' },
      errors: [{ message: 'runs `java -jar /app/app.jar` in the background' }],
    },
    {
      name: 'background + wait without a trap',
      code: DF,
      files: { 'startup.sh': '#!/bin/sh\njava -jar /app/app.jar &\nwait\n' },
      errors: [{ message: 'without a TERM trap' }],
    },
    {
      name: 'script behind tini still backgrounds and exits',
      code: 'FROM debian:12\nCOPY run.sh /run.sh\nENTRYPOINT ["tini", "--", "/run.sh"]\n',
      files: { 'run.sh': seed000 },
      errors: [{ message: 'run.sh polls' }],
    },
  ],
});
