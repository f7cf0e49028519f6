import { HardDriveDownload, Plus, ScrollText, Users } from "lucide-react";
import type { Metadata, Route } from "next";
import Link from "next/link";

import { ActionForm } from "@/components/action-form";
import { EmptyState } from "@/components/empty-state";
import { ExportButton } from "@/components/export-button";
import { LibraryBrowser } from "@/components/library/library-browser";
import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button-classes";
import { Input } from "@/components/ui/input";
import { fundTeamAction } from "@/lib/actions/teams";
import { requireUser } from "@/lib/auth/session";
import { can, ROLE_LABEL } from "@/lib/authz/permissions";
import { libraryModels, searchLibrary } from "@/lib/library/search";
import { isFiltered } from "@/lib/library/shared";
import {
  orNotFound,
  parsePageInput,
  slugParams,
  teamLibraryParams,
  type RawParams,
} from "@/lib/page-input";
import { getTeamOverview } from "@/lib/teams/teams";

export const metadata: Metadata = { title: "Team library" };

type Props = { params: Promise<RawParams>; searchParams: Promise<RawParams> };

export default async function TeamLibraryPage({ params, searchParams }: Props) {
  const { slug } = await parsePageInput(slugParams, params);
  const user = await requireUser(`/teams/${slug}`);
  // a team you are not in does not exist for you: 404, never a hint that it does
  const team = await orNotFound(getTeamOverview(user, slug));
  const {
    joined: joinedFlag,
    cursor: _first,
    ...input
  } = await parsePageInput(teamLibraryParams, searchParams);
  const joined = joinedFlag === "1";
  const query = { ...input, team: team.team.slug };
  const [first, models] = await Promise.all([
    searchLibrary({ actor: user, query }),
    libraryModels({ actor: user, team: team.team.slug }),
  ]);
  const filtered = isFiltered(query);
  const empty = !filtered && first.clips.length === 0;
  const creators = team.members.map((m) => ({ id: m.id, name: m.name ?? m.email ?? "Unnamed" }));

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <p className="text-sm text-fg-muted">
            Team · you are {ROLE_LABEL[team.role].toLowerCase()} · {team.team.creditBalance} credits
          </p>
          <h1 className="text-2xl font-semibold tracking-tight">{team.team.name}</h1>
        </div>
        <div className="grid w-full grid-cols-2 gap-2 sm:flex sm:w-auto sm:flex-wrap sm:items-center">
          <Link
            href={`/teams/${team.team.slug}/members` as Route}
            className={buttonClasses("secondary")}
          >
            <Users aria-hidden="true" className="size-4" />
            Members ({team.members.length})
          </Link>
          {!empty && (
            // nothing to export from an empty team; a short label fits a phone's half width
            <ExportButton href={`/api/export?team=${team.team.slug}`} label="Export (ZIP)" />
          )}
          {can(team.role, "audit.view") && (
            <Link
              href={`/teams/${team.team.slug}/audit` as Route}
              className={buttonClasses("ghost")}
            >
              <ScrollText aria-hidden="true" className="size-4" />
              Audit log
            </Link>
          )}
          {can(team.role, "backup.manage") && (
            <Link
              href={`/teams/${team.team.slug}/backups` as Route}
              className={buttonClasses("ghost")}
            >
              <HardDriveDownload aria-hidden="true" className="size-4" />
              Backups
            </Link>
          )}
          {can(team.role, "clip.create") && (
            <Link href="/create" className={buttonClasses("primary")}>
              <Plus aria-hidden="true" className="size-4" />
              New team song
            </Link>
          )}
        </div>
      </div>
      {can(team.role, "clip.create") && (
        <details className="rounded-xl border border-line bg-surface p-4 text-sm">
          <summary className="flex min-h-11 cursor-pointer items-center font-medium sm:min-h-0">
            Add credits
          </summary>
          <p className="mt-2 text-fg-muted">
            Move credits from your own balance into the team&apos;s budget. Everyone who makes songs
            in the team spends from it.
          </p>
          <ActionForm
            action={fundTeamAction}
            fields={{ teamId: team.team.id }}
            label="Add credits"
            pendingLabel="Adding…"
            className="mt-3"
          >
            <label className="flex max-w-48 flex-col gap-1">
              <span className="font-medium">Credits to add</span>
              <Input name="amount" type="number" inputMode="numeric" min={1} step={1} required />
            </label>
          </ActionForm>
        </details>
      )}
      {joined && (
        <Alert tone="success">
          Welcome to {team.team.name}. You joined as {ROLE_LABEL[team.role].toLowerCase()}.
        </Alert>
      )}
      {empty ? (
        <EmptyState
          title="No team songs yet"
          action={
            can(team.role, "clip.create") ? (
              <Link href="/create" className={buttonClasses("primary", "lg")}>
                Make the first one
              </Link>
            ) : undefined
          }
        >
          Songs made in this workspace, and personal songs members share into it, appear here for
          everyone in the team.
        </EmptyState>
      ) : (
        // not keyed by the URL: the filters keep focus while a typed value reaches the URL
        <LibraryBrowser
          basePath={`/teams/${team.team.slug}`}
          bulk={{ teamId: team.team.id }}
          creators={creators}
          query={query}
          models={models}
          initial={{
            ...first,
            clips: first.clips.map((c) => ({ ...c, createdAt: c.createdAt.toISOString() })),
          }}
        />
      )}
    </div>
  );
}
