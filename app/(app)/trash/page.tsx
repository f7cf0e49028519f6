import type { Metadata } from "next";
import Link from "next/link";

import { EmptyState } from "@/components/empty-state";
import { formatDate, formatDuration } from "@/components/format";
import { requireUser } from "@/lib/auth/session";
import { listTrash, TRASH_DAYS } from "@/lib/library/clips";

import { TrashList } from "./trash-list";

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
        <TrashList
          songs={clips.map((clip) => ({
            id: clip.id,
            title: clip.title || "Untitled",
            detail: `${clip.team ? `${clip.team.name} · ` : ""}${formatDuration(clip.duration)} · trashed ${formatDate(clip.trashedAt!)}`,
          }))}
        />
      )}
    </div>
  );
}
