// Upstream callbacks (`notify_hook`). The URL's token proves which task a delivery speaks
// for; the body may be a relay task object, an envelope around one, or a sunoapi envelope.
// Deliveries go through ingest(), so duplicates and stale, out-of-order ones do no harm.
import "server-only";

import { db } from "@/lib/db";
import type { SunoDialect } from "@/lib/generated/prisma/enums";
import { parseRelayTask } from "@/lib/suno/adapters/relay";
import { sunoapiWire } from "@/lib/suno/adapters/sunoapi";
import { parseSunoapiOrgCallback } from "@/lib/suno/adapters/sunoapi-org";
import { withKnownClipType } from "@/lib/suno/client";
import { isUpstreamError } from "@/lib/suno/errors";
import { isObject } from "@/lib/suno/normalize";
import type { Operation, UpstreamTask } from "@/lib/suno/types";
import { ingest } from "@/lib/tasks/ingest";
import { isValidWebhookToken } from "@/lib/tasks/webhook-token";

export type WebhookOutcome = { status: 200 | 202 | 400 | 401 | 404; body: Record<string, unknown> };

function parsePayload(
  body: unknown,
  operation: Operation,
  upstreamId: string,
  dialect: SunoDialect | null,
): UpstreamTask | null {
  // sunoapi-org calls back in stages of its own shape (text, first, complete, error)
  if (dialect === "SUNOAPI_ORG") return parseSunoapiOrgCallback(body, operation);
  if (isObject(body) && typeof body.code === "number")
    return sunoapiWire.parseTask(body, { upstreamId, operation });
  const task = isObject(body) && "code" in body && isObject(body.data) ? body.data : body;
  return parseRelayTask(task);
}

export async function receiveWebhook(options: {
  taskId: string | null;
  token: string | null;
  body: unknown;
}): Promise<WebhookOutcome> {
  const { taskId, token } = options;
  if (!taskId || !isValidWebhookToken(taskId, token))
    return { status: 401, body: { error: "invalid token" } };
  const task = await db.task.findUnique({
    where: { id: taskId },
    select: { id: true, upstreamId: true, operation: true, dialect: true },
  });
  if (!task) return { status: 404, body: { error: "unknown task" } };
  // a callback can outrun the submit answer; the next poll picks the news up
  if (!task.upstreamId) return { status: 202, body: { ok: true, applied: false } };

  let upstream: UpstreamTask;
  try {
    const parsed = parsePayload(options.body, task.operation, task.upstreamId, task.dialect);
    if (!parsed) return { status: 400, body: { error: "unreadable payload" } };
    upstream = withKnownClipType(parsed, task.operation);
  } catch (error) {
    if (isUpstreamError(error)) return { status: 400, body: { error: "unreadable payload" } };
    throw error;
  }
  // an error stage may not name its task; the URL's token already does
  if (!upstream.id) upstream = { ...upstream, id: task.upstreamId };
  if (upstream.id !== task.upstreamId)
    return { status: 400, body: { error: "the payload is about another task" } };
  const result = await ingest(task.id, upstream, "webhook");
  return {
    status: 200,
    body: { ok: true, applied: Boolean(result?.changed), status: result?.status ?? null },
  };
}
