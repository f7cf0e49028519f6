// Import: bring songs made elsewhere (or a Chorus export) into a library. The form uploads one
// ZIP (a folder is zipped in the browser); the job's progress and report follow (`?job=`).
import type { Metadata } from "next";
import Link from "next/link";

import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/authz/permissions";
import { getImportJob, listImportJobs } from "@/lib/imports/jobs";
import { importParams, orNotFound, parsePageInput, type PageProps } from "@/lib/page-input";
import { listMyTeams } from "@/lib/teams/teams";

import { ImportForm } from "./import-form";
import { ImportReport } from "./import-report";

export const metadata: Metadata = { title: "Import" };

const STATUS = { QUEUED: "Waiting", RUNNING: "Importing", DONE: "Done", FAILED: "Failed" };

export default async function ImportPage({ searchParams }: PageProps) {
  const user = await requireUser("/import");
  const query = await parsePageInput(importParams, searchParams);
  const [teams, jobs, job] = await Promise.all([
    listMyTeams(user),
    listImportJobs({ actor: user }),
    query.job ? orNotFound(getImportJob({ actor: user, jobId: query.job })) : null,
  ]);
  const workspaces = [
    { value: "", label: "Personal library" },
    ...teams
      .filter((team) => can(team.role, "clip.create"))
      .map((team) => ({ value: team.slug, label: `Team ${team.name}` })),
  ];
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Import</h1>
        <p className="mt-1 max-w-2xl text-sm text-fg-muted">
          Bring songs made elsewhere into a library: a folder or a ZIP of audio (MP3, WAV, FLAC,
          OGG, M4A), with the JSON files downloaders write beside them, or a Chorus export. Songs
          already in the library are skipped.
        </p>
      </div>
      <ImportForm workspaces={workspaces} />
      {job && <ImportReport key={job.id} initial={job} />}
      {jobs.length > 0 && (
        <section aria-labelledby="recent-imports" className="flex flex-col gap-2">
          <h2 id="recent-imports" className="text-lg font-semibold">
            Recent imports
          </h2>
          <ul className="flex flex-col gap-1 text-sm">
            {jobs.map((item) => (
              <li key={item.id}>
                <Link
                  href={`/import?job=${item.id}`}
                  className="text-link underline-offset-4 hover:underline"
                  aria-current={item.id === job?.id ? "page" : undefined}
                >
                  {item.fileName}
                </Link>{" "}
                <span className="text-fg-muted">
                  · {item.workspace} · {STATUS[item.status]} · {item.imported} imported,{" "}
                  {item.duplicates} skipped, {item.failed} failed
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
