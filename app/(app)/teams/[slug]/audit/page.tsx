import { ArrowLeft } from "lucide-react";
import type { Metadata, Route } from "next";
import Link from "next/link";

import { EmptyState } from "@/components/empty-state";
import { requireUser } from "@/lib/auth/session";
import { requireTeam } from "@/lib/authz";
import {
  auditParams,
  orNotFound,
  parsePageInput,
  slugParams,
  type RawParams,
} from "@/lib/page-input";
import { describeAudit, listAudit } from "@/lib/teams/audit";

export const metadata: Metadata = { title: "Audit log" };

type Props = { params: Promise<RawParams>; searchParams: Promise<RawParams> };

export default async function TeamAuditPage({ params, searchParams }: Props) {
  const { slug } = await parsePageInput(slugParams, params);
  const user = await requireUser(`/teams/${slug}/audit`);
  // not in the team: it does not exist; a member without the right: the same page as any
  // other missing one (nothing about the log is revealed)
  const access = await orNotFound(requireTeam(user, { slug }, "audit.view"), { hide: true });
  const { before } = await parsePageInput(auditParams, searchParams);
  const { events, nextBefore } = await listAudit(user, access.team.id, { before });
  return (
    <div className="flex flex-col gap-6">
      <div>
        <Link
          href={`/teams/${access.team.slug}` as Route}
          className="inline-flex min-h-11 items-center gap-1 text-sm text-link underline-offset-4 hover:underline"
        >
          <ArrowLeft aria-hidden="true" className="size-4" />
          {access.team.name}
        </Link>
        <h1 className="text-2xl font-semibold tracking-tight">Audit log</h1>
        <p className="mt-1 text-sm text-fg-muted">
          Invites, joins, role changes, removals, and songs shared or deleted. Visible to admins and
          owners.
        </p>
      </div>
      {events.length === 0 ? (
        <EmptyState title="Nothing yet">
          Team changes will be listed here as they happen.
        </EmptyState>
      ) : (
        <ol className="divide-y divide-line rounded-2xl border border-line bg-surface">
          {events.map((event) => (
            <li
              key={event.id}
              className="flex flex-col gap-0.5 px-4 py-3 text-sm sm:flex-row sm:justify-between"
            >
              <span>
                <strong className="font-medium">
                  {event.actor?.name ?? event.actor?.email ?? "A former member"}
                </strong>{" "}
                {describeAudit(event)}
              </span>
              <time dateTime={event.createdAt.toISOString()} className="shrink-0 text-fg-muted">
                {event.createdAt.toLocaleString("en", {
                  dateStyle: "medium",
                  timeStyle: "short",
                  timeZone: "UTC",
                })}{" "}
                UTC
              </time>
            </li>
          ))}
        </ol>
      )}
      {nextBefore && (
        <Link
          href={
            `/teams/${access.team.slug}/audit?before=${encodeURIComponent(nextBefore)}` as Route
          }
          className="text-sm font-medium text-link underline-offset-4 hover:underline"
        >
          Older events
        </Link>
      )}
    </div>
  );
}
