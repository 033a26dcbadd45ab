// `container-doctor mcp`: a Model Context Protocol server over stdio (the official SDK's
// McpServer and StdioServerTransport) whose tools are ../mcp/tools.ts. main.ts loads this
// module only for `mcp`, so the SDK costs the other commands nothing.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { parseFlags } from '../args';
import { exitCodes, UsageError, type CliIo } from '../io';
import {
  auditDescription,
  auditHostTool,
  auditInput,
  auditOutput,
  explainDescription,
  explainExitTool,
  explainInput,
  explainOutput,
  lintDescription,
  lintDockerfileTool,
  lintInput,
  lintOutput,
  processTreeDescription,
  processTreeInput,
  processTreeOutput,
  processTreeTool,
  readOnly,
  toolError,
  type ToolEnvironment,
  type ToolResult,
} from '../mcp/tools';

export const MCP_HELP = `usage: container-doctor mcp [--host URL]

A Model Context Protocol server over stdio, for AI assistants (Claude Desktop, VS Code,
Cursor, ...): the tools lint_dockerfile, explain_exit, process_tree and audit_host.
Every tool is read-only: none changes a container or a file; fixes come back as edits
for the assistant to propose. See docs/mcp.md.

  --host URL   engine to use (default: DOCKER_HOST, docker context, default socket)
  -h, --help   this help
`;

/** A handler that throws still answers: with a tool error, and the server keeps serving. */
async function guarded(run: () => ToolResult | Promise<ToolResult>): Promise<ToolResult> {
  try {
    return await run();
  } catch (err) {
    return toolError(`Internal error: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** The server with its four tools, not yet connected (tests connect it to an in-memory pair). */
export function createMcpServer(where: ToolEnvironment, version = 'dev'): McpServer {
  const server = new McpServer({ name: 'container-doctor', version });
  server.registerTool(
    'lint_dockerfile',
    {
      title: 'Lint a Dockerfile or compose file',
      description: lintDescription,
      inputSchema: lintInput,
      outputSchema: lintOutput,
      annotations: { ...readOnly, openWorldHint: false },
    },
    (args) => guarded(() => lintDockerfileTool(args, where)),
  );
  server.registerTool(
    'explain_exit',
    {
      title: 'Explain why a container exited',
      description: explainDescription,
      inputSchema: explainInput,
      outputSchema: explainOutput,
      annotations: readOnly,
    },
    (args) => guarded(() => explainExitTool(args, where)),
  );
  server.registerTool(
    'process_tree',
    {
      title: "A container's process tree and zombies",
      description: processTreeDescription,
      inputSchema: processTreeInput,
      outputSchema: processTreeOutput,
      // Same call, possibly a different tree: processes come and go.
      annotations: { ...readOnly, idempotentHint: false },
    },
    (args) => guarded(() => processTreeTool(args, where)),
  );
  server.registerTool(
    'audit_host',
    {
      title: 'Audit the Docker host',
      description: auditDescription,
      inputSchema: auditInput,
      outputSchema: auditOutput,
      annotations: { ...readOnly, idempotentHint: false },
    },
    () => guarded(() => auditHostTool(where)),
  );
  return server;
}

export async function mcpMain(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags(
    args,
    {
      host: { type: 'string', valueHint: 'an engine URL' },
      help: { type: 'boolean', short: 'h' },
    },
    'container-doctor mcp',
  );
  if (values.help) {
    io.stdout(MCP_HELP);
    return exitCodes.ok;
  }
  if (positionals.length) throw new UsageError(`takes no arguments\n\n${MCP_HELP}`);
  const server = createMcpServer(
    { cwd: io.cwd, env: io.env, host: values.host as string | undefined },
    io.env.CDOC_VERSION,
  );
  const transport = new StdioServerTransport();
  // The client ends the session by closing our stdin; the transport does not see that itself.
  const closed = new Promise<void>((resolve) => {
    server.server.onclose = () => resolve();
    process.stdin.once('end', () => void server.close());
  });
  await server.connect(transport);
  await closed;
  return exitCodes.ok;
}
