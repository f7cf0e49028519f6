import type { Metadata } from "next";
import Link from "next/link";

import { EmptyState } from "@/components/empty-state";
import { formatDate, formatDuration } from "@/components/format";
import { requireUser } from "@/lib/auth/session";
import { listTrash, TRASH_DAYS } from "@/lib/library/clips";

import { RestoreButton } from "./restore-button";

export const metadata: Metadata = { title: "Trash" };

export default async function TrashPage() {
  const user = await requireUser("/trash");
  const clips = await listTrash({ actor: user });
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Trash</h1>
        <p className="mt-1 text-sm text-fg-muted">
          Songs here are deleted for good {TRASH_DAYS} days after you trashed them. Restore any of
          them until then.
        </p>
      </div>
      {clips.length === 0 ? (
        <EmptyState
          title="The trash is empty"
          action={
            <Link
              href="/library"
              className="text-sm font-medium text-link underline-offset-4 hover:underline"
            >
              Back to your library
            </Link>
          }
        />
      ) : (
        <ul className="flex flex-col gap-2" aria-label="Trashed songs">
          {clips.map((clip) => (
            <li
              key={clip.id}
              className="flex items-center justify-between gap-4 rounded-xl border border-line bg-surface px-4 py-3"
            >
              <div className="min-w-0">
                <p className="truncate font-medium">{clip.title || "Untitled"}</p>
                <p className="text-xs text-fg-muted">
                  {clip.team ? `${clip.team.name} · ` : ""}
                  {formatDuration(clip.duration)} · trashed {formatDate(clip.trashedAt!)}
                </p>
              </div>
              <RestoreButton clipId={clip.id} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
