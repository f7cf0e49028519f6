// REST v1's reference: the OpenAPI document as a readable page.
import { withPublicApi } from "@/lib/api/v1/handler";
import { referenceHtml } from "@/lib/api/v1/openapi";

export const dynamic = "force-dynamic";

export const GET = withPublicApi(
  async () =>
    new Response(referenceHtml(), {
      headers: {
        "content-type": "text/html; charset=utf-8",
        "cache-control": "public, max-age=300",
      },
    }),
);
