// One task, for SWR: answered from the database at once; when it is due, its refresh runs in
// the background (or in the running sweeper's next pass) and the next poll shows the news.
import { after, NextResponse } from "next/server";

import { withSession } from "@/lib/api/handlers";
import { AppError } from "@/lib/errors";
import { idParams } from "@/lib/page-input";
import { getTaskForViewer } from "@/lib/tasks/queries";
import { refreshForViewer } from "@/lib/tasks/viewing";

export const dynamic = "force-dynamic";

export const GET = withSession({ params: idParams }, async ({ user, params }) => {
  const taskId = params.id;
  const task = await getTaskForViewer({ viewer: user, taskId });
  if (!task) throw new AppError("NOT_FOUND", "That task does not exist, or you cannot see it.");
  refreshForViewer([task], { later: after });
  return NextResponse.json({ task });
});
