import type { Metadata } from "next";
import Link from "next/link";
import { buttonClasses } from "@/components/ui/button-classes";
import { EmptyState } from "@/components/empty-state";
import { formatDate } from "@/components/format";
import { requireUser } from "@/lib/auth/session";
import { listTaskHistory } from "@/lib/library/queries";

export const metadata: Metadata = { title: "History" };

const STATUS_LABEL: Record<string, string> = {
  SUBMITTING: "Sending",
  SUBMITTED: "Submitted",
  QUEUED: "Queued",
  RUNNING: "Running",
  SUCCEEDED: "Done",
  FAILED: "Failed",
  TIMED_OUT: "Timed out",
};

export default async function HistoryPage() {
  const user = await requireUser("/history");
  const tasks = await listTaskHistory({ actor: user });
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">History</h1>
        <p className="mt-1 text-sm text-fg-muted">Every request you have made, including the ones that failed.</p>
      </div>
      {tasks.length === 0 ? (
        <EmptyState title="Nothing here yet" action={<Link href="/create" className={buttonClasses("secondary")}>Make a song</Link>}>
          Each song request appears here with its status, what it cost and, when it fails, why.
        </EmptyState>
      ) : (
        <table className="w-full overflow-hidden rounded-xl border border-line bg-surface text-sm">
          <caption className="sr-only">Your requests, newest first</caption>
          <thead className="bg-muted text-left text-fg-muted">
            <tr>
              <th scope="col" className="px-4 py-2 font-medium">When</th>
              <th scope="col" className="px-4 py-2 font-medium">What</th>
              <th scope="col" className="px-4 py-2 font-medium">Status</th>
              <th scope="col" className="px-4 py-2 font-medium">Songs</th>
            </tr>
          </thead>
          <tbody>
            {tasks.map((task) => (
              <tr key={task.id} className="border-t border-line">
                <td className="px-4 py-2">{formatDate(task.createdAt)}</td>
                <td className="px-4 py-2">{task.operation.replaceAll("_", " ").toLowerCase()}</td>
                <td className="px-4 py-2">
                  {STATUS_LABEL[task.status] ?? task.status}
                  {task.failReason && <span className="block text-xs text-fg-muted">{task.failReason}</span>}
                </td>
                <td className="px-4 py-2">{task._count.clips}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
