import type { Metadata } from "next";
import Link from "next/link";
import { buttonClasses } from "@/components/ui/button-classes";
import { EmptyState } from "@/components/empty-state";
import { formatDate, formatDuration } from "@/components/format";
import { requireUser } from "@/lib/auth/session";
import { listPersonalClips } from "@/lib/library/queries";

export const metadata: Metadata = { title: "Library" };

export default async function LibraryPage() {
  const user = await requireUser("/library");
  const clips = await listPersonalClips({ actor: user });
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Library</h1>
          <p className="mt-1 text-sm text-fg-muted">Every song you have made, newest first.</p>
        </div>
        <div className="flex gap-2">
          {clips.length > 0 && (
            // a plain download: the browser shows its progress (the size is known up front)
            <a href="/api/export" download className={buttonClasses("secondary")}>
              Export all (ZIP)
            </a>
          )}
          <Link href="/create" className={buttonClasses("primary")}>
            New song
          </Link>
        </div>
      </div>
      {clips.length === 0 ? (
        <EmptyState title="No songs yet" action={<Link href="/create" className={buttonClasses("primary", "lg")}>Create your first song</Link>}>
          Songs you make appear here, with their lyrics, covers and history, and stay playable even after the provider&apos;s links expire.
        </EmptyState>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" aria-label="Songs">
          {clips.map((clip) => (
            <li key={clip.id} className="rounded-xl border border-line bg-surface p-4">
              <p className="truncate font-medium">{clip.title || "Untitled"}</p>
              <p className="truncate text-sm text-fg-muted">{clip.tags || "No style tags"}</p>
              <p className="mt-2 text-xs text-fg-muted">
                {formatDuration(clip.duration)} · {clip.model ?? "unknown model"} · {formatDate(clip.createdAt)}
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
