// The viewer's tasks in one request: `?ids=a,b,c`, or without ids every pending task.
// Answered from the database at once; due tasks are refreshed in the background (or by the
// running sweeper), so a slow provider never holds a viewer up.
import { after, NextResponse } from "next/server";

import { withSession } from "@/lib/api/handlers";
import { AppError } from "@/lib/errors";
import { getTasksForViewer, listPendingTasks } from "@/lib/tasks/queries";
import { refreshForViewer } from "@/lib/tasks/viewing";

export const dynamic = "force-dynamic";

const MAX_IDS = 50;

export const GET = withSession(async ({ req, user }) => {
  const ids = req.nextUrl.searchParams
    .get("ids")
    ?.split(",")
    .map((id) => id.trim())
    .filter(Boolean);
  if (ids && ids.length > MAX_IDS)
    throw new AppError("BAD_REQUEST", `Ask for at most ${MAX_IDS} tasks at once.`);
  const tasks = ids
    ? await getTasksForViewer({ viewer: user, taskIds: ids })
    : await listPendingTasks({ viewer: user });
  refreshForViewer(tasks, { later: after });
  return NextResponse.json({ tasks });
});
