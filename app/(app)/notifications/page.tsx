import { Bell } from "lucide-react";
import type { Metadata, Route } from "next";
import Link from "next/link";

import { ActionForm } from "@/components/action-form";
import { EmptyState } from "@/components/empty-state";
import { formatDate } from "@/components/format";
import { markNotificationsReadAction } from "@/lib/actions/comments";
import { requireUser } from "@/lib/auth/session";
import { formatMoment } from "@/lib/comments/shared";
import { listNotifications } from "@/lib/notifications/notifications";

export const metadata: Metadata = { title: "Notifications" };

export default async function NotificationsPage() {
  const user = await requireUser("/notifications");
  const notifications = await listNotifications({ actor: user });
  const unread = notifications.filter((n) => !n.readAt).length;
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Notifications</h1>
          <p className="mt-1 text-sm text-fg-muted">
            {unread > 0 ? `${unread} unread` : "You are all caught up."} Mentions in comments on
            your teams’ songs show up here.
          </p>
        </div>
        {unread > 0 && (
          <ActionForm
            action={markNotificationsReadAction}
            fields={{ id: "all" }}
            label="Mark all read"
          />
        )}
      </div>
      {notifications.length === 0 ? (
        <EmptyState title="Nothing yet">
          When someone mentions you in a comment (@{user.name ?? "you"}), it shows up here.
        </EmptyState>
      ) : (
        <ul className="flex flex-col gap-2" data-testid="notifications">
          {notifications.map((n) => (
            <li
              key={n.id}
              className={`flex flex-wrap items-start justify-between gap-3 rounded-xl border p-4 ${
                n.readAt ? "border-line bg-surface" : "border-accent bg-surface"
              }`}
            >
              <div className="flex min-w-0 flex-1 gap-3">
                <Bell aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-fg-muted" />
                <div className="min-w-0">
                  <p className="text-sm">
                    {!n.readAt && <span className="sr-only">Unread: </span>}
                    <strong>{n.actor?.name ?? "Someone"}</strong> mentioned you
                    {n.comment?.atSeconds != null && ` at ${formatMoment(n.comment.atSeconds)}`}
                    {" on "}
                    {n.clip ? (
                      <Link
                        className="text-link underline-offset-4 hover:underline"
                        href={`/clips/${n.clip.id}#comment-${n.comment?.id ?? ""}` as Route}
                      >
                        {n.clip.title || "Untitled"}
                      </Link>
                    ) : (
                      "a song"
                    )}
                  </p>
                  {n.comment && (
                    <p className="mt-1 line-clamp-2 text-sm text-fg-muted">{n.comment.body}</p>
                  )}
                  <p className="mt-1 text-xs text-fg-muted">{formatDate(n.createdAt)}</p>
                </div>
              </div>
              {!n.readAt && (
                <ActionForm
                  action={markNotificationsReadAction}
                  fields={{ id: n.id }}
                  label="Mark read"
                />
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
