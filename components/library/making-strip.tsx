"use client";

// "Making": the workspace's requests still running, above the songs (the grid holds finished
// songs only). Live through SWR; a request that finishes refreshes the grid, one that fails
// stays here with its reason and a way to History.
import { CircleAlert, LoaderCircle } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";

import { useTasks } from "@/lib/swr/use-tasks";
import { taskTitle } from "@/lib/tasks/shared";
import { isPendingStatus } from "@/lib/tasks/status";

export function MakingStrip({ taskIds }: { taskIds: string[] }) {
  const router = useRouter();
  const { data } = useTasks(taskIds);
  const refreshed = useRef(new Set<string>());

  useEffect(() => {
    const done = (data?.tasks ?? []).filter(
      (t) => t.status === "SUCCEEDED" && !refreshed.current.has(t.id),
    );
    if (done.length === 0) return;
    for (const t of done) refreshed.current.add(t.id);
    router.refresh();
  }, [data, router]);

  const shown = (data?.tasks ?? []).filter((t) => t.status !== "SUCCEEDED");
  if (taskIds.length === 0 || (data && shown.length === 0)) return null;
  return (
    <section aria-labelledby="making-heading" className="flex flex-col gap-2">
      <h2 id="making-heading" className="text-sm font-semibold text-fg-muted">
        Making
      </h2>
      <ul className="flex gap-3 overflow-x-auto pb-1" aria-label="Songs being made">
        {!data && (
          <li className="h-16 w-64 shrink-0 animate-pulse rounded-xl border border-line bg-muted" />
        )}
        {shown.map((task) => {
          const pending = isPendingStatus(task.status);
          return (
            <li
              key={task.id}
              className="flex w-72 shrink-0 items-start gap-3 rounded-xl border border-line bg-surface p-3"
            >
              {pending ? (
                <LoaderCircle
                  className="mt-0.5 size-5 shrink-0 animate-spin text-accent"
                  aria-hidden="true"
                />
              ) : (
                <CircleAlert className="mt-0.5 size-5 shrink-0 text-danger" aria-hidden="true" />
              )}
              <div className="min-w-0 flex-1">
                <p className="truncate text-sm font-medium">{taskTitle(task)}</p>
                {pending ? (
                  <p className="text-xs text-fg-muted" role="status">
                    Making{task.progress > 0 ? ` · ${task.progress}%` : "…"}
                  </p>
                ) : (
                  <p className="text-xs text-danger">
                    Failed: {task.failReason ?? "this song could not be made."}{" "}
                    <Link href="/history" className="text-link underline underline-offset-4">
                      History
                    </Link>
                  </p>
                )}
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
