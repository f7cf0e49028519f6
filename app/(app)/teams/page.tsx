import { ChevronRight } from "lucide-react";
import type { Metadata, Route } from "next";
import Link from "next/link";

import { EmptyState } from "@/components/empty-state";
import { Alert } from "@/components/ui/alert";
import { requireUser } from "@/lib/auth/session";
import { ROLE_LABEL } from "@/lib/authz/permissions";
import { parsePageInput, teamsParams, type RawParams } from "@/lib/page-input";
import { listMyTeams } from "@/lib/teams/teams";

import { CreateTeamForm } from "./create-team-form";

export const metadata: Metadata = { title: "Teams" };

type Props = { searchParams: Promise<RawParams> };

export default async function TeamsPage({ searchParams }: Props) {
  const user = await requireUser("/teams");
  const [teams, { deleted }] = await Promise.all([
    listMyTeams(user),
    parsePageInput(teamsParams, searchParams),
  ]);
  return (
    <div className="flex flex-col gap-8">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Teams</h1>
        <p className="mt-1 text-sm text-fg-muted">
          A team shares one library and one credit budget. Songs you make in a team belong to it;
          your personal songs stay yours unless you share them.
        </p>
      </div>
      {deleted && <Alert tone="success">The team was deleted.</Alert>}
      <section aria-labelledby="your-teams" className="flex flex-col gap-3">
        <h2 id="your-teams" className="text-lg font-semibold">
          Your teams
        </h2>
        {teams.length === 0 ? (
          <EmptyState title="You are not in a team yet">
            Create one below, or ask a team&apos;s admin for an invite link.
          </EmptyState>
        ) : (
          <ul className="divide-y divide-line rounded-2xl border border-line bg-surface">
            {teams.map((team) => (
              <li key={team.id}>
                <Link
                  href={`/teams/${team.slug}` as Route}
                  className="flex min-h-14 items-center justify-between gap-4 px-4 py-3 hover:bg-muted focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-accent"
                >
                  <span className="font-medium text-link">{team.name}</span>
                  <span className="flex items-center gap-2 text-sm text-fg-muted">
                    {ROLE_LABEL[team.role]}
                    <ChevronRight aria-hidden="true" className="size-4" />
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="new-team" className="flex max-w-md flex-col gap-3">
        <h2 id="new-team" className="text-lg font-semibold">
          Create a team
        </h2>
        <CreateTeamForm />
      </section>
    </div>
  );
}
