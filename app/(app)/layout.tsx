import type { ReactNode } from "react";

import { AppHeader } from "@/components/app-shell/app-header";
import { PlayerBar } from "@/components/player/player-bar";
import { PlayerProvider } from "@/components/player/player-context";
import { isAdmin } from "@/lib/admin/access";
import { requireUser } from "@/lib/auth/session";
import { getCreditBalance } from "@/lib/library/queries";
import { countUnread } from "@/lib/notifications/notifications";
import { listMyTeams } from "@/lib/teams/teams";
import { getWorkspace } from "@/lib/teams/workspace";

export default async function AppLayout({ children }: { children: ReactNode }) {
  // Each page checks the session itself too; this only provides the header's user.
  const user = await requireUser("/library");
  // in parallel: the header's balance must not add a round trip to every page
  const [teams, workspace, personalCredits, admin, unread] = await Promise.all([
    listMyTeams(user),
    getWorkspace(user),
    getCreditBalance({ actor: user }),
    isAdmin(user),
    countUnread({ actor: user }),
  ]);
  const current =
    workspace.kind === "team" ? { slug: workspace.team.slug, name: workspace.team.name } : null;
  const credits = workspace.kind === "team" ? workspace.team.creditBalance : personalCredits;
  return (
    <PlayerProvider>
      <div className="flex min-h-dvh flex-col pb-32 sm:pb-20">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:fixed focus:top-4 focus:left-4 focus:z-50 focus:rounded-lg focus:bg-surface focus:px-3 focus:py-2"
        >
          Skip to content
        </a>
        <a
          href="#player"
          className="sr-only focus:not-sr-only focus:fixed focus:top-4 focus:left-44 focus:z-50 focus:rounded-lg focus:bg-surface focus:px-3 focus:py-2"
        >
          Skip to player
        </a>
        <AppHeader
          user={user}
          teams={teams}
          current={current}
          credits={credits}
          isAdmin={admin}
          unread={unread}
        />
        <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-8 sm:px-6">
          {children}
        </main>
        <PlayerBar />
      </div>
    </PlayerProvider>
  );
}
