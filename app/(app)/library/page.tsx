import type { Metadata } from "next";
import Link from "next/link";

import { EmptyState } from "@/components/empty-state";
import { ExportButton } from "@/components/export-button";
import { LibraryBrowser } from "@/components/library/library-browser";
import { buttonClasses } from "@/components/ui/button-classes";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/authz/permissions";
import { libraryModels, searchLibrary } from "@/lib/library/search";
import { isFiltered } from "@/lib/library/shared";
import { libraryPageParams, parsePageInput, type RawParams } from "@/lib/page-input";
import { listWorkspaceTasks } from "@/lib/tasks/queries";
import { listMyTeams } from "@/lib/teams/teams";

export const metadata: Metadata = { title: "Library" };

type Props = { searchParams: Promise<RawParams> };

export default async function LibraryPage({ searchParams }: Props) {
  const user = await requireUser("/library");
  const {
    cursor: _first,
    team: _personal,
    ...query
  } = await parsePageInput(libraryPageParams, searchParams);
  const [first, models, making, teams] = await Promise.all([
    searchLibrary({ actor: user, query }),
    libraryModels({ actor: user }),
    listWorkspaceTasks({ viewer: user, teamId: null, pendingOnly: true }),
    listMyTeams(user),
  ]);
  const filtered = isFiltered(query);
  const libraryIsEmpty = !filtered && first.clips.length === 0 && making.length === 0;

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Library</h1>
          <p className="mt-1 text-sm text-fg-muted">
            Every song you have made. Search titles, styles, lyrics and descriptions.
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <Link
            href="/trash"
            className="px-2 text-sm font-medium text-link underline-offset-4 hover:underline"
          >
            Trash
          </Link>
          {!libraryIsEmpty && (
            // streamed by the server in constant memory, with progress shown here
            <ExportButton href="/api/export" />
          )}
          <Link href="/create" className={buttonClasses("primary")}>
            New song
          </Link>
        </div>
      </div>
      {libraryIsEmpty ? (
        <EmptyState
          title="No songs yet"
          action={
            <Link href="/create" className={buttonClasses("primary", "lg")}>
              Create your first song
            </Link>
          }
        >
          Songs you make appear here, with their lyrics, covers and history, and stay playable even
          after the provider&apos;s links expire.
        </EmptyState>
      ) : (
        // not keyed by the URL: the filters keep focus while a typed value reaches the URL
        <LibraryBrowser
          query={query}
          models={models}
          makingIds={making.map((t) => t.id)}
          bulk={{
            // bulk "share into a team": the teams one may add songs to
            shareTeams: teams
              .filter((t) => can(t.role, "clip.create"))
              .map((t) => ({ id: t.id, name: t.name })),
          }}
          initial={{
            ...first,
            clips: first.clips.map((c) => ({ ...c, createdAt: c.createdAt.toISOString() })),
          }}
        />
      )}
    </div>
  );
}
