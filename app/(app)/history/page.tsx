import type { Metadata, Route } from "next";
import Link from "next/link";

import { EmptyState } from "@/components/empty-state";
import { formatDate } from "@/components/format";
import { buttonClasses } from "@/components/ui/button-classes";
import { requireUser } from "@/lib/auth/session";
import { cn } from "@/lib/cn";
import { listTaskHistory } from "@/lib/library/queries";
import { historyParams, parsePageInput, type RawParams } from "@/lib/page-input";
import { ARRIVED_LATE_NOTE, OPERATION_LABEL, TASK_STATUS_LABEL } from "@/lib/tasks/shared";
import { getWorkspace } from "@/lib/teams/workspace";

import { HistoryFilters } from "./history-filters";
import { HistoryLive } from "./history-live";

export const metadata: Metadata = { title: "History" };

type Props = { searchParams: Promise<RawParams> };
type HistoryTask = Awaited<ReturnType<typeof listTaskHistory>>["tasks"][number];

const STATUS_TONE: Partial<Record<HistoryTask["status"], string>> = {
  SUCCEEDED: "border-emerald-600/40 text-emerald-800 dark:text-emerald-300",
  FAILED: "border-red-600/40 text-red-800 dark:text-red-300",
};

function StatusBadge({ status }: { status: HistoryTask["status"] }) {
  return (
    <span
      className={cn(
        "inline-flex shrink-0 items-center rounded-full border px-2 py-0.5 text-xs font-medium",
        STATUS_TONE[status] ?? "border-line text-fg-muted",
      )}
    >
      {TASK_STATUS_LABEL[status]}
    </span>
  );
}

function Cost({ task }: { task: HistoryTask }) {
  const refunded = task.ledgerEntries.reduce((sum, e) => sum + e.amount, 0);
  return (
    <>
      <span className="sm:hidden">Cost: </span>
      {task.cost} <span className="sm:sr-only">credits</span>
      {refunded > 0 && (
        <span className="ms-1 text-xs text-fg-muted sm:ms-0 sm:block">{refunded} refunded</span>
      )}
    </>
  );
}

function Songs({ task, className }: { task: HistoryTask; className?: string }) {
  if (task.clips.length === 0)
    return <span className={cn("hidden text-fg-muted sm:inline", className)}>–</span>;
  return (
    <ul className={className}>
      {task.clips.map((clip, i) => (
        <li key={clip.id}>
          <Link
            href={`/clips/${clip.id}` as Route}
            className="inline-flex min-h-11 items-center text-link underline-offset-4 hover:underline sm:min-h-0"
          >
            {task.clips.length > 1
              ? `${clip.title || "Untitled"} · take ${i + 1}`
              : clip.title || "Untitled"}
          </Link>
        </li>
      ))}
    </ul>
  );
}

export default async function HistoryPage({ searchParams }: Props) {
  const user = await requireUser("/history");
  const filter = await parsePageInput(historyParams, searchParams);
  const workspace = await getWorkspace(user);
  const { tasks, nextBefore } = await listTaskHistory({
    actor: user,
    teamId: workspace.kind === "team" ? workspace.team.id : null,
    filter,
  });
  const filtered = Boolean(filter.status || filter.operation);
  const olderParams = new URLSearchParams({
    ...(filter.status ? { status: filter.status } : {}),
    ...(filter.operation ? { operation: filter.operation } : {}),
    ...(nextBefore ? { before: nextBefore } : {}),
  });
  const older = nextBefore ? `/history?${olderParams}` : null;

  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">History</h1>
        <p className="mt-1 text-sm text-fg-muted">
          {workspace.kind === "team"
            ? `Every request made in ${workspace.team.name}, by anyone in the team, `
            : "Every request you have made in your personal workspace, "}
          including the ones that failed, with what it cost.
        </p>
      </div>
      <HistoryFilters status={filter.status} operation={filter.operation} />
      <HistoryLive />
      {tasks.length === 0 ? (
        filtered ? (
          <p
            role="status"
            className="rounded-2xl border border-dashed border-line bg-surface px-6 py-10 text-center text-sm"
          >
            No requests match these filters.{" "}
            <Link
              href="/history"
              className="font-medium text-link underline-offset-4 hover:underline"
            >
              Show all
            </Link>
          </p>
        ) : (
          <EmptyState
            title="Nothing here yet"
            action={
              <Link href="/create" className={buttonClasses("secondary")}>
                Make a song
              </Link>
            }
          >
            Each song request appears here with its status, what it cost and, when it fails, why.
          </EmptyState>
        )
      ) : (
        <>
          {/* phones: one card per request */}
          <ol aria-label="Your requests, newest first" className="flex flex-col gap-3 sm:hidden">
            {tasks.map((task) => (
              <li key={task.id} className="rounded-2xl border border-line bg-surface p-4">
                <div className="flex items-start justify-between gap-3">
                  <div className="min-w-0">
                    <p className="font-medium">{OPERATION_LABEL[task.operation]}</p>
                    <p className="text-sm text-fg-muted">
                      {formatDate(task.createdAt)}
                      {workspace.kind === "team" && ` · by ${task.owner.name ?? "a former member"}`}
                    </p>
                  </div>
                  <StatusBadge status={task.status} />
                </div>
                {task.failReason && <p className="mt-2 text-sm text-fg-muted">{task.failReason}</p>}
                <p className="mt-2 text-sm">
                  <Cost task={task} />
                </p>
                <Songs task={task} className="mt-2" />
              </li>
            ))}
          </ol>
          {/* wider screens: a table to scan */}
          <div className="hidden overflow-x-auto rounded-xl border border-line bg-surface sm:block">
            <table className="w-full text-sm">
              <caption className="sr-only">Your requests, newest first</caption>
              <thead className="bg-muted text-left text-fg-muted">
                <tr>
                  {["When", "What", "Status", "Credits", "Songs"].map((heading) => (
                    <th key={heading} scope="col" className="px-4 py-2 font-medium">
                      {heading}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {tasks.map((task) => (
                  <tr key={task.id} className="border-t border-line align-top">
                    <td className="px-4 py-2 whitespace-nowrap">{formatDate(task.createdAt)}</td>
                    <td className="px-4 py-2">
                      {OPERATION_LABEL[task.operation]}
                      {workspace.kind === "team" && (
                        <span className="block text-xs text-fg-muted">
                          by {task.owner.name ?? "a former member"}
                        </span>
                      )}
                    </td>
                    <td className="px-4 py-2">
                      <StatusBadge status={task.status} />
                      {task.failReason && (
                        <span className="mt-1 block max-w-md text-xs text-fg-muted">
                          {task.failReason}
                        </span>
                      )}
                      {task.arrivedLateAt && (
                        <span className="block max-w-md text-xs text-fg-muted">
                          {ARRIVED_LATE_NOTE}
                        </span>
                      )}
                    </td>
                    <td className="px-4 py-2 whitespace-nowrap">
                      <Cost task={task} />
                    </td>
                    <td className="px-4 py-2">
                      <Songs task={task} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {older && (
        <Link href={older as Route} className={buttonClasses("secondary", "md", "self-center")}>
          Older requests
        </Link>
      )}
    </div>
  );
}
