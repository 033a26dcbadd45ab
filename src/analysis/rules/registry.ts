// Every Dockerfile rule, in reporting order. Ids are stable (docs/rules/<id>.md).
import type { Rule } from './rule';
import { shellPid1 } from './shell-pid1';
import { pid1IgnoresSigterm } from './pid1-ignores-sigterm';
import { pid1NoReaper } from './pid1-no-reaper';
import { entrypointScriptBackground } from './entrypoint-script-background';
import { initMisuse } from './init-misuse';
import { jvmFixedHeap } from './jvm-fixed-heap';
import { jvmObsoleteFlag } from './jvm-obsolete-flag';
import { nodeHeapWithoutLimit } from './node-heap-without-limit';
import { scriptCrlf } from './script-crlf';
import { heapIgnoresContainerLimit } from './heap-ignores-container-limit';

export const dockerfileRules: readonly Rule[] = [
  scriptCrlf,
  shellPid1,
  pid1IgnoresSigterm,
  pid1NoReaper,
  entrypointScriptBackground,
  initMisuse,
  jvmFixedHeap,
  jvmObsoleteFlag,
  nodeHeapWithoutLimit,
  heapIgnoresContainerLimit,
];
