import type { Metadata } from "next";
import Link from "next/link";

import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/authz/permissions";
import { listMyTeams } from "@/lib/teams/teams";
import { listWebhookEndpoints } from "@/lib/webhooks/endpoints";

import { CreateWebhookForm, DeleteWebhookButton, SendTestButton } from "./webhook-forms";

export const metadata: Metadata = { title: "Webhooks" };

const when = (date: Date | null) =>
  date ? date.toISOString().slice(0, 19).replace("T", " ") + " UTC" : "-";

export default async function WebhooksPage() {
  const user = await requireUser("/settings/webhooks");
  const [endpoints, teams] = await Promise.all([
    listWebhookEndpoints({ actor: user }),
    listMyTeams(user),
  ]);
  const adminTeams = teams
    .filter((t) => can(t.role, "members.manage"))
    .map((t) => ({ id: t.id, name: t.name }));
  return (
    <div className="mx-auto flex w-full max-w-2xl flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Webhooks</h1>
        <p className="mt-1 text-sm text-fg-muted">
          Chorus posts a signed JSON event (Standard Webhooks) to your receiver when a request
          finishes or fails, a song is archived or a playlist changes; a receiver that does not
          answer 2xx is tried again with growing waits. See{" "}
          <Link className="underline" href="/settings/tokens">
            API tokens
          </Link>{" "}
          for the REST API.
        </p>
      </div>
      <section
        aria-labelledby="new-webhook"
        className="flex flex-col gap-4 rounded-2xl border border-line bg-surface p-4 sm:p-6"
      >
        <h2 id="new-webhook" className="text-lg font-semibold">
          New webhook
        </h2>
        <CreateWebhookForm teams={adminTeams} />
      </section>
      <section aria-labelledby="webhooks" className="flex flex-col gap-3">
        <h2 id="webhooks" className="text-lg font-semibold">
          Your webhooks
        </h2>
        {endpoints.length === 0 && <p className="text-sm text-fg-muted">No webhooks yet.</p>}
        <ul className="flex flex-col gap-3">
          {endpoints.map((endpoint) => (
            <li
              key={endpoint.id}
              className="flex flex-col gap-2 rounded-xl border border-line bg-surface p-4 text-sm"
            >
              <strong className="break-all">{endpoint.url}</strong>
              <p className="text-fg-muted">
                {endpoint.team ? `Team ${endpoint.team.name}` : "Personal"} · events:{" "}
                {endpoint.events.join(", ")}
              </p>
              <details>
                <summary className="cursor-pointer">Signing secret</summary>
                <code className="break-all select-all">{endpoint.secret}</code>
              </details>
              <table className="w-full text-left text-xs">
                <caption className="sr-only">Latest deliveries</caption>
                <thead>
                  <tr>
                    <th>Event</th>
                    <th>Status</th>
                    <th>Tries</th>
                    <th>Answer</th>
                    <th>When</th>
                  </tr>
                </thead>
                <tbody>
                  {endpoint.deliveries.map((d) => (
                    <tr key={d.id}>
                      <td>{d.eventType}</td>
                      <td>{d.status.toLowerCase()}</td>
                      <td>{d.attempts}</td>
                      <td title={d.lastError ?? undefined}>{d.lastStatus ?? d.lastError ?? "-"}</td>
                      <td>{when(d.deliveredAt ?? d.createdAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <div className="flex gap-2">
                <SendTestButton endpointId={endpoint.id} />
                <DeleteWebhookButton endpointId={endpoint.id} url={endpoint.url} />
              </div>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
