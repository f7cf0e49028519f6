// REST v1: make a task (POST, with an optional Idempotency-Key) and list tasks (GET).
import { NextResponse } from "next/server";

import { withApiToken } from "@/lib/api/v1/handler";
import { OPERATIONS } from "@/lib/api/v1/operations";
import { idempotencyKeyHeader } from "@/lib/api/v1/schemas";
import { createTaskViaApi, listTasksViaApi } from "@/lib/api/v1/service";
import { AppError } from "@/lib/errors";

export const dynamic = "force-dynamic";

export const POST = withApiToken(OPERATIONS.createTask, async ({ req, principal, body }) => {
  const header = req.headers.get("idempotency-key");
  const key = header === null ? null : idempotencyKeyHeader.safeParse(header);
  if (key && !key.success)
    throw new AppError("BAD_REQUEST", "The Idempotency-Key header is not valid.", {
      fieldErrors: { "Idempotency-Key": key.error.issues.map((i) => i.message) },
    });
  const { task, replayed } = await createTaskViaApi({
    principal,
    body,
    idempotencyKey: key?.data ?? null,
  });
  return NextResponse.json({ task }, { status: replayed ? 200 : 201 });
});

export const GET = withApiToken(OPERATIONS.listTasks, async ({ principal, query }) =>
  NextResponse.json(await listTasksViaApi({ principal, query })),
);
