// REST v1: the token in use (what a client checks first).
import { NextResponse } from "next/server";

import { withApiToken } from "@/lib/api/v1/handler";
import { OPERATIONS } from "@/lib/api/v1/operations";

export const dynamic = "force-dynamic";

export const GET = withApiToken(OPERATIONS.getToken, async ({ principal }) =>
  NextResponse.json({
    token: {
      id: principal.tokenId,
      scopes: principal.scopes,
      user: { id: principal.user.id, name: principal.user.name },
      team: principal.team,
    },
  }),
);
