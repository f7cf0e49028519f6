import type { Metadata } from "next";
import Link from "next/link";

import { ActionForm } from "@/components/action-form";
import { EmptyState } from "@/components/empty-state";
import { formatBytes } from "@/components/format";
import { buttonClasses } from "@/components/ui/button-classes";
import { deleteExportAction } from "@/lib/actions/exports";
import { requireUser } from "@/lib/auth/session";
import { listExportJobs, type ExportJobView } from "@/lib/media/export-jobs";

import { RefreshWhileRunning } from "./refresh-while-running";

export const metadata: Metadata = { title: "Exports" };

const STATUS: Record<ExportJobView["status"], string> = {
  QUEUED: "Waiting to start",
  RUNNING: "Being written",
  READY: "Ready",
  FAILED: "Failed",
  EXPIRED: "Expired",
};

const when = (iso: string) =>
  new Date(iso).toLocaleString("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

function Progress({ job }: { job: ExportJobView }) {
  if (job.status !== "RUNNING") return null;
  const percent = job.totalBytes ? Math.floor((job.writtenBytes / job.totalBytes) * 100) : 0;
  return (
    <div className="flex items-center gap-2 text-sm text-fg-muted">
      <progress
        max={100}
        value={percent}
        aria-label={`${job.label}: written`}
        className="h-2 w-40 accent-[var(--color-accent)]"
      />
      <span>
        {formatBytes(job.writtenBytes)} of {formatBytes(job.totalBytes)} ({percent}%)
      </span>
    </div>
  );
}

export default async function ExportsPage() {
  const user = await requireUser("/exports");
  const jobs = await listExportJobs({ actor: user });
  const running = jobs.some((job) => job.status === "QUEUED" || job.status === "RUNNING");
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Exports</h1>
        <p className="mt-1 max-w-2xl text-sm text-fg-muted">
          Exports too large to download at once are written here in the background. You get an email
          when one is ready; each stays downloadable for a day.
        </p>
      </div>
      <RefreshWhileRunning running={running} />
      {jobs.length === 0 ? (
        <EmptyState
          title="No exports being prepared"
          action={
            <Link
              href="/library"
              className="text-sm font-medium text-link underline-offset-4 hover:underline"
            >
              Export from your library
            </Link>
          }
        >
          Small exports download straight away from the library, a team or a playlist.
        </EmptyState>
      ) : (
        <ul className="flex flex-col gap-2" aria-label="Your exports">
          {jobs.map((job) => (
            <li
              key={job.id}
              className="flex flex-col gap-2 rounded-xl border border-line bg-surface p-4 sm:flex-row sm:items-center sm:justify-between"
            >
              <div className="min-w-0">
                <p className="truncate font-medium">{job.label}</p>
                <p className="text-sm text-fg-muted">
                  <span data-testid="export-status">{STATUS[job.status]}</span> ·{" "}
                  {job.songs.toLocaleString("en")} songs · {formatBytes(job.totalBytes)} · asked{" "}
                  {when(job.createdAt)} UTC
                  {job.status === "READY" && job.expiresAt && (
                    <> · until {when(job.expiresAt)} UTC</>
                  )}
                </p>
                {job.error && job.status !== "READY" && (
                  <p className="text-sm text-danger">{job.error}</p>
                )}
                <Progress job={job} />
              </div>
              <div className="flex items-center gap-2">
                {job.downloadUrl && (
                  <a href={job.downloadUrl} download className={buttonClasses("primary", "sm")}>
                    Download
                  </a>
                )}
                <ActionForm
                  action={deleteExportAction}
                  fields={{ jobId: job.id }}
                  label="Delete"
                  pendingLabel="Deleting…"
                  confirm={`Delete the export “${job.label}”?`}
                />
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
