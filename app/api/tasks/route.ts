// The viewer's tasks in one request: `?ids=a,b,c`, or without ids every pending task.
// Answered from the database at once; due tasks are refreshed in the background (or by the
// running sweeper), so a slow provider never holds a viewer up.
import { after, NextResponse } from "next/server";

import { withSession } from "@/lib/api/handlers";
import { tasksQuerySchema } from "@/lib/api/queries";
import { getTasksForViewer, listPendingTasks } from "@/lib/tasks/queries";
import { refreshForViewer } from "@/lib/tasks/viewing";

export const dynamic = "force-dynamic";

export const GET = withSession({ query: tasksQuerySchema }, async ({ user, query }) => {
  const { ids } = query;
  const tasks = ids
    ? await getTasksForViewer({ viewer: user, taskIds: ids })
    : await listPendingTasks({ viewer: user });
  refreshForViewer(tasks, { later: after });
  return NextResponse.json({ tasks });
});
