"use client";

// One import's progress and report: how many files were imported, skipped as duplicates or
// failed, and why; polled while the job runs (announced politely to screen readers).
import Link from "next/link";

import { Alert } from "@/components/ui/alert";
import { isImportPending, type ImportJobView } from "@/lib/imports/shared";
import { useImportJob } from "@/lib/swr/use-import-job";

const STATUS: Record<ImportJobView["status"], string> = {
  QUEUED: "Waiting to start",
  RUNNING: "Importing",
  DONE: "Done",
  FAILED: "Failed",
};
const FILE_STATUS = { IMPORTED: "Imported", DUPLICATE: "Skipped", FAILED: "Failed" } as const;
const LAYOUT: Record<string, string> = {
  chorus: "a Chorus export",
  sidecars: "audio with sidecar JSON",
  files: "audio files",
};

export function ImportReport({ initial }: { initial: ImportJobView }) {
  const { job, error } = useImportJob(initial.id, initial);
  const pending = isImportPending(job.status);
  return (
    <section aria-labelledby="import-report" className="flex flex-col gap-3">
      <h2 id="import-report" className="text-lg font-semibold">
        {job.fileName}{" "}
        <span className="text-sm font-normal text-fg-muted">into {job.workspace}</span>
      </h2>
      <div role="status" aria-live="polite" className="flex flex-col gap-2 text-sm">
        <p>
          <span data-testid="import-status">{STATUS[job.status]}</span>
          {job.layout && <> · read as {LAYOUT[job.layout] ?? job.layout}</>}
          {job.totalFiles > 0 && (
            <>
              {" "}
              · {job.processedFiles.toLocaleString("en")} of {job.totalFiles.toLocaleString("en")}{" "}
              songs
            </>
          )}
        </p>
        {pending && job.totalFiles > 0 && (
          <progress
            max={job.totalFiles}
            value={job.processedFiles}
            aria-label="Songs read"
            className="h-2 w-48 accent-[var(--color-accent)]"
          />
        )}
        {!pending && job.status === "DONE" && (
          <p>
            {job.imported.toLocaleString("en")} imported, {job.duplicates.toLocaleString("en")}{" "}
            duplicates skipped, {job.failed.toLocaleString("en")} failed
            {job.playlists > 0 && <>, {job.playlists} playlists made</>}.{" "}
            <Link href="/library" className="text-link underline-offset-4 hover:underline">
              Open the library
            </Link>
          </p>
        )}
      </div>
      {job.error && <Alert>{job.error}</Alert>}
      {error && <Alert>{error.message}</Alert>}
      {job.files.length > 0 && (
        <table className="w-full text-left text-sm">
          <caption className="sr-only">What became of each file</caption>
          <thead>
            <tr className="border-b border-line">
              <th scope="col" className="py-1 pr-3 font-medium">
                File
              </th>
              <th scope="col" className="py-1 pr-3 font-medium">
                Result
              </th>
              <th scope="col" className="py-1 font-medium">
                Why
              </th>
            </tr>
          </thead>
          <tbody>
            {job.files.map((file) => (
              <tr key={file.path} className="border-b border-line/60">
                <td className="py-1 pr-3 break-all">
                  {file.clipId ? (
                    <Link
                      href={`/clips/${file.clipId}`}
                      className="text-link underline-offset-4 hover:underline"
                    >
                      {file.path}
                    </Link>
                  ) : (
                    file.path
                  )}
                </td>
                <td className="py-1 pr-3">{FILE_STATUS[file.status]}</td>
                <td className="py-1 text-fg-muted">{file.reason ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
