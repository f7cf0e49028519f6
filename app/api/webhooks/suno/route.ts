// Upstream callbacks. No session (the proxy calls it): the per-task token in the URL is
// the authentication, checked in constant time before anything is read or written.
import { NextResponse } from "next/server";

import { withErrors } from "@/lib/api/handlers";
import { receiveWebhook } from "@/lib/tasks/webhook";

export const dynamic = "force-dynamic";

const MAX_BODY_BYTES = 1_000_000;

export const POST = withErrors(async ({ req }) => {
  const text = await req.text();
  if (text.length > MAX_BODY_BYTES)
    return NextResponse.json({ error: "payload too large" }, { status: 413 });
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const outcome = await receiveWebhook({
    taskId: req.nextUrl.searchParams.get("task"),
    token: req.nextUrl.searchParams.get("token"),
    body,
  });
  return NextResponse.json(outcome.body, { status: outcome.status });
});
