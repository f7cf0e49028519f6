// Upstream callbacks. No session (the proxy calls it): the per-task token in the URL is
// the authentication, checked in constant time before anything is written. The body is
// capped before it is read (a declared size over the cap is refused unread).
import { NextResponse } from "next/server";

import { readBodyText, withErrors } from "@/lib/api/handlers";
import { WEBHOOK_MAX_BODY_BYTES, webhookQuerySchema } from "@/lib/api/queries";
import { receiveWebhook } from "@/lib/tasks/webhook";

export const dynamic = "force-dynamic";

export const POST = withErrors({ query: webhookQuerySchema }, async ({ req, query }) => {
  const text = await readBodyText(req, WEBHOOK_MAX_BODY_BYTES);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const outcome = await receiveWebhook({
    taskId: query.task ?? null,
    token: query.token ?? null,
    body,
  });
  return NextResponse.json(outcome.body, { status: outcome.status });
});
