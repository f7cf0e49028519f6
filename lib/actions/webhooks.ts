"use server";

// Outgoing webhooks from Settings → Webhooks: add one (personal, or a team's for its admins),
// delete one, and "Send test". lib/webhooks checks who may and where a webhook may go.
import { revalidatePath } from "next/cache";
import { z } from "zod";

import { authedAction } from "@/lib/actions/safe-action";
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  sendTestWebhook,
} from "@/lib/webhooks/endpoints";
import { WEBHOOK_EVENTS, type WebhookEvent } from "@/lib/webhooks/shared";

/** One checkbox per event (`event:task.succeeded` = "on"): a form never repeats a field. */
const createWebhook = z
  .looseObject({
    url: z.string().trim().min(1, "Give the receiver's address.").max(2000),
    teamId: z
      .string()
      .max(64)
      .optional()
      .transform((v) => v || null),
  })
  .transform((form, ctx) => {
    const events = WEBHOOK_EVENTS.filter((e) => form[`event:${e}`] === "on") as WebhookEvent[];
    if (events.length === 0) {
      ctx.addIssue({ code: "custom", path: ["events"], message: "Choose at least one event." });
      return z.NEVER;
    }
    return { url: form.url, teamId: form.teamId, events };
  });

export const createWebhookAction = authedAction(createWebhook, async (input, { user }) => {
  await createWebhookEndpoint({ actor: user, ...input });
  revalidatePath("/settings/webhooks");
  return { ok: true, message: "Webhook added. Its signing secret is shown with it." };
});

const endpoint = z.object({ endpointId: z.string().min(1).max(64) });

export const deleteWebhookAction = authedAction(endpoint, async ({ endpointId }, { user }) => {
  await deleteWebhookEndpoint({ actor: user, endpointId });
  revalidatePath("/settings/webhooks");
  return { ok: true, message: "Webhook deleted." };
});

export const sendTestWebhookAction = authedAction(endpoint, async ({ endpointId }, { user }) => {
  const result = await sendTestWebhook({ actor: user, endpointId });
  revalidatePath("/settings/webhooks");
  if (!result.ok) return { error: `The test was not delivered: ${result.error}` };
  return { ok: true, message: `Delivered: the receiver answered ${result.status}.` };
});
