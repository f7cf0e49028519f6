// Each task's notify_hook URL carries an HMAC of the task id made with a server secret, so
// a callback can only speak for the task it was issued for. Checked in constant time.
import "server-only";

import { createHmac, timingSafeEqual } from "node:crypto";

import { getEnv } from "@/lib/env";

function secret() {
  // derived, so one AUTH_SECRET is all a deployment has to manage
  return createHmac("sha256", getEnv().AUTH_SECRET).update("chorus:webhook:v1").digest();
}

export function webhookToken(taskId: string): string {
  return createHmac("sha256", secret()).update(`task:${taskId}`).digest("base64url");
}

export function isValidWebhookToken(taskId: string, token: string | null): boolean {
  if (!token) return false;
  const expected = Buffer.from(webhookToken(taskId));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The callback URL for a task, or undefined when the app has no public address. */
export function notifyHookUrl(taskId: string, baseUrl?: string): string | undefined {
  const env = getEnv();
  const base = baseUrl ?? env.CHORUS_PUBLIC_URL ?? env.AUTH_URL;
  if (!base) return undefined;
  const url = new URL("/api/webhooks/suno", base);
  url.searchParams.set("task", taskId);
  url.searchParams.set("token", webhookToken(taskId));
  return url.toString();
}
