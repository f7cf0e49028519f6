// One task, for SWR: refreshed from upstream first when it is due (under a lease).
import { NextResponse } from "next/server";

import { withSession } from "@/lib/api/handlers";
import { AppError } from "@/lib/errors";
import { idParams } from "@/lib/page-input";
import { getTaskForViewer } from "@/lib/tasks/queries";
import { refreshIfDue } from "@/lib/tasks/refresh";

export const dynamic = "force-dynamic";

export const GET = withSession({ params: idParams }, async ({ user, params }) => {
  const taskId = params.id;
  const task = await getTaskForViewer({ viewer: user, taskId });
  if (!task) throw new AppError("NOT_FOUND", "That task does not exist, or you cannot see it.");
  if (task.nextPollAt && task.nextPollAt <= new Date() && (await refreshIfDue(task.id))) {
    return NextResponse.json({ task: await getTaskForViewer({ viewer: user, taskId }) });
  }
  return NextResponse.json({ task });
});
