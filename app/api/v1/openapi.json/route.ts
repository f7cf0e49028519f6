// REST v1's OpenAPI 3.1 document, generated from the routes' own zod schemas.
import { NextResponse } from "next/server";

import { withPublicApi } from "@/lib/api/v1/handler";
import { openApiDocument } from "@/lib/api/v1/openapi";

export const dynamic = "force-dynamic";

export const GET = withPublicApi(async (req) =>
  NextResponse.json(openApiDocument(req.nextUrl.origin), {
    headers: { "cache-control": "public, max-age=300" },
  }),
);
