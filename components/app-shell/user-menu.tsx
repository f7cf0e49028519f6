"use client";

// The signed-in user's menu (Radix DropdownMenu: a real menu, arrow keys between items,
// typeahead, Escape closes it and returns focus). Sign out is a form, so it works in one click.
import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { Activity, LogOut, Settings } from "lucide-react";
import Link from "next/link";
import { useRef } from "react";

import { signOutAction } from "@/lib/actions/auth";

function initials(name: string | null, email: string | null) {
  const source = name?.trim() || email || "?";
  const parts = source.split(/[\s@.]+/).filter(Boolean);
  return ((parts[0]?.[0] ?? "?") + (parts[1]?.[0] ?? "")).toUpperCase();
}
const ITEM =
  "flex min-h-11 w-full cursor-pointer items-center gap-3 rounded-lg px-3 text-left text-sm outline-none select-none data-highlighted:bg-muted";

type Props = { name: string | null; email: string | null; isAdmin?: boolean };

export function UserMenu({ name, email, isAdmin = false }: Props) {
  const signOutForm = useRef<HTMLFormElement>(null);
  return (
    <DropdownMenu.Root modal={false}>
      <DropdownMenu.Trigger className="flex min-h-11 items-center gap-2 rounded-full p-1 pr-2 text-sm hover:bg-muted focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent">
        <span
          aria-hidden="true"
          className="grid size-8 place-items-center rounded-full bg-accent text-xs font-semibold text-white"
        >
          {initials(name, email)}
        </span>
        <span className="hidden max-w-40 truncate font-medium md:inline">{name || email}</span>
        <span className="sr-only">Account menu</span>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content
          align="end"
          sideOffset={8}
          className="z-50 w-64 rounded-xl border border-line bg-surface p-2 text-fg shadow-xl"
        >
          <DropdownMenu.Label className="border-b border-line px-3 pt-1 pb-2">
            <span className="block truncate text-sm font-medium">{name || "Signed in"}</span>
            {email && <span className="block truncate text-xs text-fg-muted">{email}</span>}
          </DropdownMenu.Label>
          <DropdownMenu.Group className="pt-1">
            {isAdmin && (
              <DropdownMenu.Item asChild className={ITEM}>
                <Link href="/admin/providers">
                  <Activity aria-hidden="true" className="size-4" />
                  Provider status
                </Link>
              </DropdownMenu.Item>
            )}
            <DropdownMenu.Item asChild className={ITEM}>
              <Link href="/settings">
                <Settings aria-hidden="true" className="size-4" />
                Settings
              </Link>
            </DropdownMenu.Item>
            <form ref={signOutForm} action={signOutAction}>
              <DropdownMenu.Item
                className={ITEM}
                onSelect={(event) => {
                  // submit while the menu is still there; the sign-in page replaces it anyway
                  event.preventDefault();
                  signOutForm.current?.requestSubmit();
                }}
              >
                <LogOut aria-hidden="true" className="size-4" />
                Sign out
              </DropdownMenu.Item>
            </form>
          </DropdownMenu.Group>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
