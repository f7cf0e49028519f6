// Upstream callbacks (`notify_hook`). The URL's token proves which task a delivery speaks
// for; the body may be a relay task object, an envelope around one, or a sunoapi envelope.
// Deliveries go through ingest(), so duplicates and stale, out-of-order ones do no harm.
// A delivery for a task still SUBMITTING (the process died between the provider accepting
// the request and Chorus storing its answer) adopts the provider's task id from its body:
// the token proves the task, so the song the provider makes is not lost.
import "server-only";

import { db } from "@/lib/db";
import type { SunoDialect } from "@/lib/generated/prisma/enums";
import { archiveSoon } from "@/lib/media/archive";
import { parseRelayTask } from "@/lib/suno/adapters/relay";
import { sunoapiWire } from "@/lib/suno/adapters/sunoapi";
import { parseSunoapiOrgCallback } from "@/lib/suno/adapters/sunoapi-org";
import { withKnownClipType } from "@/lib/suno/client";
import { isUpstreamError } from "@/lib/suno/errors";
import { isObject } from "@/lib/suno/normalize";
import type { Operation, UpstreamTask } from "@/lib/suno/types";
import { ingest } from "@/lib/tasks/ingest";
import { FIRST_POLL_SECONDS } from "@/lib/tasks/submit";
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
    select: {
      id: true,
      upstreamId: true,
      operation: true,
      status: true,
      dialect: true,
      failCode: true,
    },
  });
  if (!task) return { status: 404, body: { error: "unknown task" } };
  // without an upstream id only a task the provider may have is told it: one SUBMITTING, or
  // one that ended because its submit's answer never came (its songs are late songs then)
  if (!task.upstreamId && task.status !== "SUBMITTING" && !endedUnanswered(task))
    return { status: 202, body: { ok: true, applied: false } };

  let upstream: UpstreamTask;
  try {
    const parsed = parsePayload(options.body, task.operation, task.upstreamId ?? "", task.dialect);
    if (!parsed) return { status: 400, body: { error: "unreadable payload" } };
    upstream = withKnownClipType(parsed, task.operation);
  } catch (error) {
    if (isUpstreamError(error)) return { status: 400, body: { error: "unreadable payload" } };
    throw error;
  }
  if (!task.upstreamId) {
    if (!upstream.id) return { status: 400, body: { error: "the payload names no task" } };
    const upstreamId = await adoptUpstreamId(task.id, upstream.id);
    if (upstreamId === null) return { status: 202, body: { ok: true, applied: false } };
    task.upstreamId = upstreamId;
  }
  // an error stage may not name its task; the URL's token already does
  if (!upstream.id) upstream = { ...upstream, id: task.upstreamId };
  if (upstream.id !== task.upstreamId)
    return { status: 400, body: { error: "the payload is about another task" } };
  const result = await ingest(task.id, upstream, "webhook");
  // sunoapi-org's `text` stage says the words are written but carries none: fetch them now
  if (result && upstream.status === "RUNNING" && upstream.clips.length === 0)
    await db.task.updateMany({
      where: { id: task.id, status: { in: ["SUBMITTED", "QUEUED", "RUNNING"] } },
      data: { nextPollAt: new Date() },
    });
  // songs are copied while the provider's links are fresh, not at the next cron call
  // finished takes are copied right after the answer, late ones (lib/tasks/ingest.ts) too
  if (result?.clipsFinished) archiveSoon(task.id);
  return {
    status: 200,
    body: { ok: true, applied: Boolean(result?.changed), status: result?.status ?? null },
  };
}

/**
 * Stores the provider's task id on a task still SUBMITTING and moves it on to SUBMITTED, as
 * the submit answer would have. Returns the task's upstream id afterwards (the submit answer
 * may have landed first), or null when the task ended without one meanwhile.
 */
async function adoptUpstreamId(taskId: string, upstreamId: string): Promise<string | null> {
  await db.task.updateMany({
    where: { id: taskId, status: "SUBMITTING", upstreamId: null },
    data: {
      status: "SUBMITTED",
      upstreamId,
      submittedAt: new Date(),
      nextPollAt: new Date(Date.now() + FIRST_POLL_SECONDS * 1000),
    },
  });
  // an ended one keeps its outcome and refund; its songs arrive late (lib/tasks/ingest.ts)
  await db.task.updateMany({
    where: {
      id: taskId,
      status: "FAILED",
      upstreamId: null,
      failCode: { in: [...UNANSWERED_SUBMIT_CODES] },
    },
    data: { upstreamId },
  });
  const task = await db.task.findUnique({ where: { id: taskId }, select: { upstreamId: true } });
  return task?.upstreamId ?? null;
}

/** Failures of a submit whose answer never came or could not be read: the provider may have
 *  made the songs anyway (a refusal it did answer, like a 429 or a 400, is not one of them). */
const UNANSWERED_SUBMIT_CODES = ["TIMEOUT", "UNAVAILABLE", "MALFORMED"] as const;
const endedUnanswered = (task: { status: string; failCode: string | null }) =>
  task.status === "FAILED" &&
  (UNANSWERED_SUBMIT_CODES as readonly string[]).includes(task.failCode ?? "");
