// The header of every signed-in page: product name, workspace, navigation, the user's menu.
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
  /** operators get a link to the provider status page */
  isAdmin?: boolean;
};

export function AppHeader({ user, teams, current, isAdmin = false }: Props) {
  const libraryHref = current ? `/teams/${current.slug}` : "/library";
  return (
    <header className="sticky top-0 z-30 border-b border-line bg-surface/90 backdrop-blur">
      <div className="mx-auto flex h-16 max-w-6xl items-center gap-4 px-4 sm:px-6">
        <Link
          href="/library"
          className="rounded-lg focus-visible:outline-2 focus-visible:outline-offset-4 focus-visible:outline-accent"
          aria-label="Chorus, go to your library"
        >
          <Logo />
        </Link>
        <WorkspaceSwitcher teams={teams} current={current} />
        <MainNav className="hidden sm:flex" libraryHref={libraryHref} />
        <div className="ml-auto">
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
