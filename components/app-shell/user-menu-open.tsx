"use client";

// The signed-in user's menu, open (Radix DropdownMenu: a real menu, arrow keys between items,
// typeahead, Escape closes it and returns focus). Sign out is a form, so it works in one click.
// Loaded on first use by user-menu.tsx, so Radix is not in every page's first load.
import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { Activity, Download, LogOut, Settings, Upload } from "lucide-react";
import type { Route } from "next";
import Link from "next/link";
import { useRef } from "react";

import { useFirstItemFocus, type Opened } from "@/components/ui/deferred-menu";
import { signOutAction } from "@/lib/actions/auth";

import { USER_TRIGGER, UserBadge, type UserMenuProps } from "./user-menu";

const ITEM =
  "flex min-h-11 w-full cursor-pointer items-center gap-3 rounded-lg px-3 text-left text-sm outline-none select-none data-highlighted:bg-muted";

export function OpenUserMenu({
  name,
  email,
  isAdmin = false,
  defaultOpen,
  byKeyboard,
}: UserMenuProps & Opened) {
  const firstItemFocus = useFirstItemFocus(byKeyboard);
  const signOutForm = useRef<HTMLFormElement>(null);
  return (
    <DropdownMenu.Root modal={false} defaultOpen={defaultOpen}>
      <DropdownMenu.Trigger className={USER_TRIGGER}>
        <UserBadge name={name} email={email} />
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content
          ref={firstItemFocus}
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
              <Link href={"/exports" as Route}>
                <Download aria-hidden="true" className="size-4" />
                Exports
              </Link>
            </DropdownMenu.Item>
            <DropdownMenu.Item asChild className={ITEM}>
              <Link href={"/import" as Route}>
                <Upload aria-hidden="true" className="size-4" />
                Import
              </Link>
            </DropdownMenu.Item>
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
