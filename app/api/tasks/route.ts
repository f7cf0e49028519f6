// The viewer's tasks in one request: `?ids=a,b,c`, or without ids every pending task.
// Due tasks are refreshed first, each under its own lease, in one batch upstream.
import { NextResponse } from "next/server";

import { withSession } from "@/lib/api/handlers";
import { tasksQuerySchema } from "@/lib/api/queries";
import { getTasksForViewer, listPendingTasks } from "@/lib/tasks/queries";
import { refreshAllDue } from "@/lib/tasks/refresh";

export const dynamic = "force-dynamic";

export const GET = withSession({ query: tasksQuerySchema }, async ({ user, query }) => {
  const { ids } = query;
  const read = () =>
    ids ? getTasksForViewer({ viewer: user, taskIds: ids }) : listPendingTasks({ viewer: user });
  const tasks = await read();
  const now = new Date();
  const due = tasks.filter((t) => t.nextPollAt && t.nextPollAt <= now).map((t) => t.id);
  const refreshed = await refreshAllDue(due);
  return NextResponse.json({ tasks: refreshed > 0 ? await read() : tasks });
});
