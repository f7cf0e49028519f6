// A recording Chorus keeps for a provider that takes audio by link only (relay): the provider
// fetches it here. No session (the provider has none): the token in the link is the
// authentication, checked in constant time; an expired upload, a wrong token or an unknown id
// are the same 404. Only that upload's bytes are reachable; the name is for the provider's
// eyes (it titles the clip by it) and is not trusted.
import { NextResponse } from "next/server";

import { withErrors } from "@/lib/api/handlers";
import { hostedUploadParamsSchema, hostedUploadQuerySchema } from "@/lib/api/queries";
import { openHostedUpload } from "@/lib/uploads/hosted-link";

export const dynamic = "force-dynamic";

const notFound = () =>
  NextResponse.json(
    { error: { code: "NOT_FOUND", message: "That does not exist." } },
    {
      status: 404,
      headers: { "cache-control": "no-store" },
    },
  );

export const GET = withErrors(
  { params: hostedUploadParamsSchema, query: hostedUploadQuerySchema },
  async ({ params, query }) => {
    const found = query.token ? await openHostedUpload(params.id, query.token) : null;
    if (!found) return notFound();
    // a whole buffer, not a stream: a route-handler stream would lose Content-Length
    return new NextResponse(new Uint8Array(found.bytes), {
      status: 200,
      headers: {
        "content-type": found.contentType,
        "content-length": String(found.bytes.byteLength),
        "cache-control": "private, no-store",
        "x-content-type-options": "nosniff",
        "referrer-policy": "no-referrer",
        "content-disposition": "attachment",
      },
    });
  },
);
