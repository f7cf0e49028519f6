// MCP (issue 19, item 5): the Model Context Protocol over Streamable HTTP, for agents (Claude
// Desktop, Cursor, n8n). An API token is the only way in, with REST v1's rate limit; each
// tool needs its REST twin's scope. Stateless: POST only (GET and DELETE answer 405).
import { handleMcpPost, mcpMethodNotAllowed } from "@/lib/api/mcp/server";
import { withApiPrincipal } from "@/lib/api/v1/handler";

export const dynamic = "force-dynamic";

export const POST = withApiPrincipal(({ req, principal }) => handleMcpPost(req, principal));
export const GET = withApiPrincipal(async () => mcpMethodNotAllowed());
export const DELETE = withApiPrincipal(async () => mcpMethodNotAllowed());
