// REST v1: one task. Answered from the database; a due task is refreshed in the background.
import { after, NextResponse } from "next/server";

import { withApiToken } from "@/lib/api/v1/handler";
import { OPERATIONS } from "@/lib/api/v1/operations";
import { getTaskViaApi } from "@/lib/api/v1/service";
import { refreshForViewer } from "@/lib/tasks/viewing";

export const dynamic = "force-dynamic";

export const GET = withApiToken(OPERATIONS.getTask, async ({ principal, params }) => {
  const task = await getTaskViaApi({ principal, taskId: params.id });
  refreshForViewer([task], { later: after });
  return NextResponse.json({ task });
});
