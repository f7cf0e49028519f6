// REST v1: search and list songs with the library's filters (keyset cursor).
import { NextResponse } from "next/server";

import { withApiToken } from "@/lib/api/v1/handler";
import { OPERATIONS } from "@/lib/api/v1/operations";
import { listClipsViaApi } from "@/lib/api/v1/service";

export const dynamic = "force-dynamic";

export const GET = withApiToken(OPERATIONS.listClips, async ({ principal, query }) =>
  NextResponse.json(await listClipsViaApi({ principal, query })),
);
