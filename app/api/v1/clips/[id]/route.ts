// REST v1: one song (with attachments and lineage), its title and tags, the trash.
import { NextResponse } from "next/server";

import { withApiToken } from "@/lib/api/v1/handler";
import { OPERATIONS } from "@/lib/api/v1/operations";
import { getClipViaApi, trashClipViaApi, updateClipViaApi } from "@/lib/api/v1/service";

export const dynamic = "force-dynamic";

export const GET = withApiToken(OPERATIONS.getClip, async ({ principal, params }) =>
  NextResponse.json({ clip: await getClipViaApi({ principal, clipId: params.id }) }),
);

export const PATCH = withApiToken(OPERATIONS.updateClip, async ({ principal, params, body }) =>
  NextResponse.json({
    clip: await updateClipViaApi({ principal, clipId: params.id, change: body }),
  }),
);

export const DELETE = withApiToken(OPERATIONS.trashClip, async ({ principal, params }) => {
  await trashClipViaApi({ principal, clipId: params.id });
  return NextResponse.json({ ok: true });
});
