// The header of every signed-in page: product name, navigation, the user's menu.
import Link from "next/link";
import { Logo } from "@/components/logo";
import type { CurrentUser } from "@/lib/auth/session";
import { MainNav } from "./main-nav";
import { UserMenu } from "./user-menu";

export function AppHeader({ user }: { user: CurrentUser }) {
  return (
    <header className="sticky top-0 z-30 border-b border-line bg-surface/90 backdrop-blur">
      <div className="mx-auto flex h-16 max-w-6xl items-center gap-4 px-4 sm:px-6">
        <Link href="/library" className="rounded-lg focus-visible:outline-2 focus-visible:outline-offset-4 focus-visible:outline-accent" aria-label="Chorus, go to your library">
          <Logo />
        </Link>
        <MainNav className="hidden sm:flex" />
        <div className="ml-auto">
          <UserMenu name={user.name} email={user.email} />
        </div>
      </div>
      <MainNav className="flex overflow-x-auto border-t border-line px-2 sm:hidden" />
    </header>
  );
}
