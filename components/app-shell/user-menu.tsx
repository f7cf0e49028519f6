"use client";

// The signed-in user's menu in the header. Its trigger is on every page, its code (Radix) loads
// on first use: user-menu-open.tsx, through components/ui/deferred-menu.tsx.
import { DeferredTrigger, useDeferredMenu } from "@/components/ui/deferred-menu";

export type UserMenuProps = { name: string | null; email: string | null; isAdmin?: boolean };

export const USER_TRIGGER =
  "flex min-h-11 items-center gap-2 rounded-full p-1 pr-2 text-sm hover:bg-muted " +
  "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent";

function initials(name: string | null, email: string | null) {
  const source = name?.trim() || email || "?";
  const parts = source.split(/[\s@.]+/).filter(Boolean);
  return ((parts[0]?.[0] ?? "?") + (parts[1]?.[0] ?? "")).toUpperCase();
}

/** What the trigger shows: initials, the name on wider screens, and its accessible name. */
export function UserBadge({ name, email }: { name: string | null; email: string | null }) {
  return (
    <>
      <span
        aria-hidden="true"
        className="grid size-8 place-items-center rounded-full bg-accent text-xs font-semibold text-white"
      >
        {initials(name, email)}
      </span>
      <span className="hidden max-w-40 truncate font-medium md:inline">{name || email}</span>
      <span className="sr-only">Account menu</span>
    </>
  );
}

const load = () => import("./user-menu-open").then((module) => module.OpenUserMenu);

export function UserMenu(props: UserMenuProps) {
  const { Menu, byKeyboard, open, prefetch } = useDeferredMenu(load);
  if (Menu) return <Menu {...props} defaultOpen byKeyboard={byKeyboard} />;
  return (
    <DeferredTrigger className={USER_TRIGGER} onOpen={open} onPrefetch={prefetch}>
      <UserBadge name={props.name} email={props.email} />
    </DeferredTrigger>
  );
}
