// REST v1: take a song out of the trash.
import { NextResponse } from "next/server";

import { withApiToken } from "@/lib/api/v1/handler";
import { OPERATIONS } from "@/lib/api/v1/operations";
import { trashClipViaApi } from "@/lib/api/v1/service";

export const dynamic = "force-dynamic";

export const POST = withApiToken(OPERATIONS.restoreClip, async ({ principal, params }) => {
  await trashClipViaApi({ principal, clipId: params.id, restore: true });
  return NextResponse.json({ ok: true });
});
