// The webhook outbox. An event is written as delivery rows in the same transaction as the
// change it reports (so it is never lost nor sent for a change that rolled back), then sent
// by `deliverDueWebhooks` from the sweeper: signed (lib/webhooks/signing.ts), through the
// SSRF guard, at least once, oldest first and one at a time per endpoint (so a receiver sees
// an endpoint's events in order), retried with exponential backoff until MAX_ATTEMPTS.
import "server-only";

import { randomUUID } from "node:crypto";

import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { safePost } from "@/lib/media/safe-fetch";
import type { WebhookEvent } from "@/lib/webhooks/shared";
import { signWebhook } from "@/lib/webhooks/signing";

/** a transaction, or the client itself where the change is one statement */
export type OutboxTx = Pick<Prisma.TransactionClient, "webhookEndpoint" | "webhookDelivery">;

export const MAX_ATTEMPTS = 8;
export const DELIVERY_TIMEOUT_MS = 10_000;
/** the wait before attempt n+1: 10 s, 20 s, 40 s … capped at an hour */
export const backoffSeconds = (attempts: number) => Math.min(3600, 10 * 2 ** (attempts - 1));

/** The workspace an event belongs to: a team's, or a person's own. */
export type EventScope = { teamId: string | null; ownerId: string };

/**
 * Queues an event for every live endpoint of its workspace that subscribed to it. Call it
 * inside the transaction that makes the change.
 */
export async function enqueueWebhookEvent(
  tx: OutboxTx,
  options: { scope: EventScope; type: WebhookEvent; data: Record<string, unknown> },
) {
  const { scope, type, data } = options;
  const endpoints = await tx.webhookEndpoint.findMany({
    where: {
      disabledAt: null,
      events: { has: type },
      ...(scope.teamId ? { teamId: scope.teamId } : { userId: scope.ownerId, teamId: null }),
    },
    select: { id: true },
  });
  if (endpoints.length === 0) return 0;
  const timestamp = new Date().toISOString();
  await tx.webhookDelivery.createMany({
    data: endpoints.map((endpoint) => ({
      id: `msg_${randomUUID().replaceAll("-", "")}`,
      endpointId: endpoint.id,
      eventType: type,
      payload: { type, timestamp, data } as Prisma.InputJsonValue,
    })),
  });
  return endpoints.length;
}

export type DeliveryReport = { sent: number; failed: number; retrying: number };

/**
 * Sends a bounded batch of due deliveries: for each endpoint only its oldest pending one (the
 * next waits until it is delivered or given up), each claimed with SKIP LOCKED so instances
 * never send one twice at once.
 */
export async function deliverDueWebhooks(
  options: { limit?: number; allowHosts?: Set<string> } = {},
): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: 0, failed: 0, retrying: 0 };
  const due = await db.$queryRaw<{ id: string }[]>`
    SELECT d.id FROM webhook_deliveries d
    WHERE d.status = 'PENDING' AND d.next_attempt_at <= now()
      AND NOT EXISTS (SELECT 1 FROM webhook_deliveries o WHERE o.endpoint_id = d.endpoint_id
        AND o.status = 'PENDING' AND (o.created_at, o.id) < (d.created_at, d.id))
    ORDER BY d.created_at, d.id LIMIT ${options.limit ?? 50}`;
  for (const { id } of due) {
    const outcome = await deliverOne(id, options.allowHosts);
    if (outcome) report[outcome]++;
  }
  return report;
}

async function deliverOne(id: string, allowHosts?: Set<string>) {
  return db.$transaction(
    async (tx) => {
      const [row] = await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM webhook_deliveries
        WHERE id = ${id} AND status = 'PENDING' AND next_attempt_at <= now()
        FOR UPDATE SKIP LOCKED`;
      if (!row) return null;
      const delivery = await tx.webhookDelivery.findUniqueOrThrow({
        where: { id },
        select: {
          attempts: true,
          payload: true,
          endpoint: { select: { url: true, secret: true, disabledAt: true } },
        },
      });
      const attempts = delivery.attempts + 1;
      const result = await send(delivery.endpoint, id, delivery.payload, allowHosts);
      if (result.ok) {
        await tx.webhookDelivery.update({
          where: { id },
          data: {
            status: "DELIVERED",
            attempts,
            lastStatus: result.status,
            lastError: null,
            deliveredAt: new Date(),
          },
        });
        return "sent" as const;
      }
      const givenUp = attempts >= MAX_ATTEMPTS || delivery.endpoint.disabledAt !== null;
      await tx.webhookDelivery.update({
        where: { id },
        data: {
          status: givenUp ? "FAILED" : "PENDING",
          attempts,
          lastStatus: result.status,
          lastError: result.error.slice(0, 500),
          nextAttemptAt: new Date(Date.now() + backoffSeconds(attempts) * 1000),
        },
      });
      return givenUp ? ("failed" as const) : ("retrying" as const);
    },
    { maxWait: 5000, timeout: DELIVERY_TIMEOUT_MS + 5000 },
  );
}

/** One signed POST; its status, or why it could not be made. */
export async function send(
  endpoint: { url: string; secret: string },
  id: string,
  payload: unknown,
  allowHosts?: Set<string>,
): Promise<{ ok: true; status: number } | { ok: false; status: number | null; error: string }> {
  const body = JSON.stringify(payload);
  const timestamp = Math.floor(Date.now() / 1000);
  try {
    const status = await safePost(endpoint.url, {
      allowHosts,
      timeoutMs: DELIVERY_TIMEOUT_MS,
      body,
      headers: {
        "content-type": "application/json",
        "webhook-id": id,
        "webhook-timestamp": String(timestamp),
        "webhook-signature": signWebhook(endpoint.secret, id, timestamp, body),
      },
    });
    if (status >= 200 && status < 300) return { ok: true, status };
    return { ok: false, status, error: `The receiver answered ${status}.` };
  } catch (error) {
    return { ok: false, status: null, error: error instanceof Error ? error.message : "failed" };
  }
}
