import type { Metadata, Route } from "next";
import Link from "next/link";

import { EmptyState } from "@/components/empty-state";
import { formatDate } from "@/components/format";
import { buttonClasses } from "@/components/ui/button-classes";
import { requireUser } from "@/lib/auth/session";
import { listTaskHistory } from "@/lib/library/queries";
import { historyParams, parsePageInput, type RawParams } from "@/lib/page-input";
import { ARRIVED_LATE_NOTE, OPERATION_LABEL, TASK_STATUS_LABEL } from "@/lib/tasks/shared";
import { getWorkspace } from "@/lib/teams/workspace";

import { HistoryFilters } from "./history-filters";

export const metadata: Metadata = { title: "History" };

type Props = { searchParams: Promise<RawParams> };

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
        <div className="overflow-x-auto rounded-xl border border-line bg-surface">
          <table className="w-full text-sm">
            <caption className="sr-only">Your requests, newest first</caption>
            <thead className="bg-muted text-left text-fg-muted">
              <tr>
                <th scope="col" className="px-4 py-2 font-medium">
                  When
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  What
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Status
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Credits
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Songs
                </th>
              </tr>
            </thead>
            <tbody>
              {tasks.map((task) => {
                const refunded = task.ledgerEntries.reduce((sum, e) => sum + e.amount, 0);
                return (
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
                      {TASK_STATUS_LABEL[task.status]}
                      {task.failReason && (
                        <span className="block max-w-md text-xs text-fg-muted">
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
                      {task.cost}
                      {refunded > 0 && (
                        <span className="block text-xs text-fg-muted">{refunded} refunded</span>
                      )}
                    </td>
                    <td className="px-4 py-2">
                      {task.clips.length === 0 ? (
                        <span className="text-fg-muted">–</span>
                      ) : (
                        <ul>
                          {task.clips.map((clip, i) => (
                            <li key={clip.id}>
                              <Link
                                href={`/clips/${clip.id}` as Route}
                                className="text-link underline-offset-4 hover:underline"
                              >
                                {task.clips.length > 1
                                  ? `${clip.title || "Untitled"} · take ${i + 1}`
                                  : clip.title || "Untitled"}
                              </Link>
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {older && (
        <Link href={older as Route} className={buttonClasses("secondary", "md", "self-center")}>
          Older requests
        </Link>
      )}
    </div>
  );
}
