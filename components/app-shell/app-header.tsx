// The header of every signed-in page: product name, workspace, navigation, the user's menu.
import { Bell, Coins } from "lucide-react";
import Link from "next/link";

import { Logo } from "@/components/logo";
import type { CurrentUser } from "@/lib/auth/session";

import { MainNav } from "./main-nav";
import { UserMenu } from "./user-menu";
import { WorkspaceSwitcher } from "./workspace-switcher";

type Props = {
  user: CurrentUser;
  teams: { slug: string; name: string; role: string }[];
  current: { slug: string; name: string } | null;
  /** the current workspace's balance */
  credits: number;
  /** operators get a link to the provider status page */
  isAdmin?: boolean;
  /** the user's unread notifications */
  unread?: number;
};

export function AppHeader({ user, teams, current, credits, isAdmin = false, unread = 0 }: Props) {
  const libraryHref = current ? `/teams/${current.slug}` : "/library";
  return (
    <header className="sticky top-0 z-30 border-b border-line bg-surface/90 backdrop-blur">
      <div className="mx-auto flex h-16 max-w-6xl items-center gap-2 px-4 sm:gap-4 sm:px-6">
        <Link
          href="/library"
          className="rounded-lg focus-visible:outline-2 focus-visible:outline-offset-4 focus-visible:outline-accent"
          aria-label="Chorus, go to your library"
        >
          {/* phones: the mark only, so the workspace, credits and menu fit in 360 px */}
          <span className="sm:hidden">
            <Logo withName={false} />
          </span>
          <span className="hidden sm:inline">
            <Logo />
          </span>
        </Link>
        <WorkspaceSwitcher teams={teams} current={current} />
        <MainNav className="hidden sm:flex" libraryHref={libraryHref} />
        <div className="ml-auto flex shrink-0 items-center gap-1 sm:gap-2">
          <Link
            href="/credits"
            className="inline-flex min-h-11 items-center gap-1.5 rounded-lg px-2 text-sm font-medium tabular-nums hover:bg-muted focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent sm:px-3"
          >
            <Coins aria-hidden="true" className="hidden size-4 text-fg-muted sm:block" />
            {credits}
            <span className="sr-only sm:not-sr-only">credits</span>
            <span className="sr-only">{current ? ` in ${current.name}` : " (personal)"}</span>
          </Link>
          <Link
            href="/notifications"
            data-testid="notifications-bell"
            className="relative inline-grid size-11 place-items-center rounded-lg hover:bg-muted focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent"
          >
            <Bell aria-hidden="true" className="size-5 text-fg-muted" />
            <span className="sr-only">Notifications{unread > 0 ? `, ${unread} unread` : ""}</span>
            {unread > 0 && (
              <span
                aria-hidden="true"
                className="absolute top-1 right-1 min-w-4 rounded-full bg-accent px-1 text-center text-[10px] leading-4 font-semibold text-white tabular-nums"
              >
                {unread > 99 ? "99+" : unread}
              </span>
            )}
          </Link>
          <UserMenu name={user.name} email={user.email} isAdmin={isAdmin} />
        </div>
      </div>
      <MainNav
        className="flex overflow-x-auto border-t border-line px-2 sm:hidden"
        libraryHref={libraryHref}
      />
    </header>
  );
}
