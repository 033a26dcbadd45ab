// package.json's `contributes.languageModelTools` computed from the MCP tools' own schemas and
// the shared descriptions, so VS Code's tools and the MCP server's cannot drift apart.
// `npm run tools:sync` writes it; test/unit/cli/mcp.test.ts fails until package.json matches.
import { z } from 'zod';
import {
  assistantToolDescriptions,
  assistantToolNames,
  type AssistantToolName,
  vscodeToolName,
} from '../../shared/assistant-tools';
import { auditInput, explainInput, lintInput, processTreeInput } from './tools';

const inputs: Record<AssistantToolName, z.ZodRawShape> = {
  lint_dockerfile: lintInput,
  explain_exit: explainInput,
  process_tree: processTreeInput,
  audit_host: auditInput,
};

const ui: Record<AssistantToolName, { displayName: string; userDescription: string; ref: string }> =
  {
    lint_dockerfile: {
      displayName: 'Lint Dockerfile',
      userDescription:
        'Who is PID 1, will docker stop end it, does it reap zombies: findings and fixes as edits.',
      ref: 'lintDockerfile',
    },
    explain_exit: {
      displayName: 'Explain Container Exit',
      userDescription:
        'Why did this container exit: the cause, how sure, the evidence and the fixes.',
      ref: 'explainExit',
    },
    process_tree: {
      displayName: 'Container Process Tree',
      userDescription:
        "A running container's processes, its zombies and the parents that leave them.",
      ref: 'processTree',
    },
    audit_host: {
      displayName: 'Audit Docker Host',
      userDescription: 'Every container without limits, with zombies, restart loops or OOM kills.',
      ref: 'auditDockerHost',
    },
  };

export function languageModelToolsContribution() {
  return assistantToolNames.map((name) => {
    const schema = z.toJSONSchema(z.object(inputs[name]), { io: 'input' }) as Record<
      string,
      unknown
    >;
    delete schema.$schema;
    return {
      name: vscodeToolName(name),
      displayName: ui[name].displayName,
      userDescription: ui[name].userDescription,
      modelDescription: assistantToolDescriptions[name],
      tags: ['docker', 'containers', 'container-doctor'],
      canBeReferencedInPrompt: true,
      toolReferenceName: ui[name].ref,
      inputSchema: schema,
    };
  });
}
