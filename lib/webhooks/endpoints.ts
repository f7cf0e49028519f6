// Webhook endpoints per workspace: a person's own (their personal songs and playlists), or a
// team's (made and managed by its admins). The destination must pass the SSRF guard's
// static checks here (http or https, no credentials, no private address literal); every
// delivery checks the resolved addresses again. Delivery logs and "send test" live here too.
import "server-only";

import { randomUUID } from "node:crypto";

import { requireTeam, teamsWhere, type Actor } from "@/lib/authz";
import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { isPrivateAddress } from "@/lib/media/safe-fetch";
import { send } from "@/lib/webhooks/outbox";
import { TEST_EVENT, type WebhookEvent } from "@/lib/webhooks/shared";
import { newWebhookSecret } from "@/lib/webhooks/signing";

export const ENDPOINTS_PER_WORKSPACE = 20;

/** Private hosts the operator lets webhooks reach (WEBHOOK_ALLOW_HOSTS, host:port each). */
export const webhookAllowHosts = () => new Set(getEnv().WEBHOOK_ALLOW_HOSTS);

/** The endpoints the actor manages: their own and those of the teams they administer. */
const manageable = (actor: Actor) => ({
  OR: [{ userId: actor.id, teamId: null }, { team: teamsWhere(actor, "members.manage") }],
});

function checkDestination(url: string, allowHosts?: Set<string>) {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid("Give a full address, e.g. https://example.com/hooks/chorus.");
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:")
    throw invalid("Use an http or https address.");
  if (parsed.username || parsed.password) throw invalid("Leave credentials out of the address.");
  const host = parsed.hostname.replace(/^\[|\]$/g, "");
  const hostPort = `${host}:${parsed.port || (parsed.protocol === "https:" ? "443" : "80")}`;
  if (allowHosts?.has(hostPort)) return;
  if (/^[\d.]+$|:/.test(host) && isPrivateAddress(host))
    throw invalid("That is a private or reserved address; webhooks go to public servers.");
  if (host === "localhost" || host.endsWith(".localhost") || host.endsWith(".internal"))
    throw invalid("That is a private or reserved address; webhooks go to public servers.");
}

const invalid = (message: string) =>
  new AppError("BAD_REQUEST", message, { fieldErrors: { url: [message] } });

export async function createWebhookEndpoint(options: {
  actor: Actor;
  teamId: string | null;
  url: string;
  events: WebhookEvent[];
  allowHosts?: Set<string>;
}) {
  const { actor, teamId, url, events } = options;
  if (events.length === 0)
    throw new AppError("BAD_REQUEST", "Choose at least one event.", {
      fieldErrors: { events: ["Choose at least one event."] },
    });
  checkDestination(url, options.allowHosts ?? webhookAllowHosts());
  if (teamId) await requireTeam(actor, { id: teamId }, "members.manage");
  const count = await db.webhookEndpoint.count({
    where: teamId ? { teamId } : { userId: actor.id, teamId: null },
  });
  if (count >= ENDPOINTS_PER_WORKSPACE)
    throw new AppError("CONFLICT", `At most ${ENDPOINTS_PER_WORKSPACE} webhooks per workspace.`);
  return db.webhookEndpoint.create({
    data: {
      userId: actor.id,
      teamId,
      url,
      events: [...new Set(events)],
      secret: newWebhookSecret(),
    },
    select: { id: true, secret: true },
  });
}

export async function deleteWebhookEndpoint({
  actor,
  endpointId,
}: {
  actor: Actor;
  endpointId: string;
}) {
  const { count } = await db.webhookEndpoint.deleteMany({
    where: { id: endpointId, ...manageable(actor) },
  });
  if (count === 0)
    throw new AppError("NOT_FOUND", "That webhook does not exist, or it is not yours.");
}

/** The settings page's list: each endpoint with its secret and its latest deliveries. */
export function listWebhookEndpoints({ actor }: { actor: Actor }) {
  return db.webhookEndpoint.findMany({
    where: manageable(actor),
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 100,
    select: {
      id: true,
      url: true,
      secret: true,
      events: true,
      createdAt: true,
      team: { select: { id: true, name: true } },
      deliveries: {
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: 10,
        select: {
          id: true,
          eventType: true,
          status: true,
          attempts: true,
          lastStatus: true,
          lastError: true,
          createdAt: true,
          deliveredAt: true,
          nextAttemptAt: true,
        },
      },
    },
  });
}

/** "Send test": one signed `webhook.test` at once (not queued), logged like any delivery. */
export async function sendTestWebhook(options: {
  actor: Actor;
  endpointId: string;
  allowHosts?: Set<string>;
}) {
  const endpoint = await db.webhookEndpoint.findFirst({
    where: { id: options.endpointId, ...manageable(options.actor) },
    select: { id: true, url: true, secret: true },
  });
  if (!endpoint)
    throw new AppError("NOT_FOUND", "That webhook does not exist, or it is not yours.");
  const id = `msg_${randomUUID().replaceAll("-", "")}`;
  const payload = {
    type: TEST_EVENT,
    timestamp: new Date().toISOString(),
    data: { endpointId: endpoint.id },
  };
  const result = await send(endpoint, id, payload, options.allowHosts ?? webhookAllowHosts());
  await db.webhookDelivery.create({
    data: {
      id,
      endpointId: endpoint.id,
      eventType: TEST_EVENT,
      payload,
      status: result.ok ? "DELIVERED" : "FAILED",
      attempts: 1,
      lastStatus: result.status,
      lastError: result.ok ? null : result.error.slice(0, 500),
      deliveredAt: result.ok ? new Date() : null,
    },
  });
  return result;
}
