"use client";

// The signed-in user's menu: a disclosure button (Enter/Space/ArrowDown open it, Escape
// closes it and returns focus, a click outside closes it).
import Link from "next/link";

import { signOutAction, signOutEverywhereAction } from "@/lib/actions/auth";
import { cn } from "@/lib/cn";

import { useDisclosure } from "./use-disclosure";

function initials(name: string | null, email: string | null) {
  const source = name?.trim() || email || "?";
  const parts = source.split(/[\s@.]+/).filter(Boolean);
  return ((parts[0]?.[0] ?? "?") + (parts[1]?.[0] ?? "")).toUpperCase();
}

type Props = { name: string | null; email: string | null; isAdmin?: boolean };

export function UserMenu({ name, email, isAdmin = false }: Props) {
  const { buttonProps, panelProps } = useDisclosure();

  return (
    <div className="relative">
      <button
        {...buttonProps}
        className="flex items-center gap-2 rounded-full p-1 pr-2 text-sm hover:bg-muted focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent"
      >
        <span
          aria-hidden="true"
          className="grid size-8 place-items-center rounded-full bg-accent text-xs font-semibold text-white"
        >
          {initials(name, email)}
        </span>
        <span className="hidden max-w-40 truncate font-medium md:inline">{name || email}</span>
        <span className="sr-only">Account menu</span>
      </button>
      <div
        {...panelProps}
        className={cn(
          "absolute right-0 mt-2 w-64 rounded-xl border border-line bg-surface p-2 shadow-xl",
        )}
      >
        <div className="border-b border-line px-3 pt-1 pb-2">
          <p className="truncate text-sm font-medium">{name || "Signed in"}</p>
          {email && <p className="truncate text-xs text-fg-muted">{email}</p>}
        </div>
        {isAdmin && (
          <Link
            href="/admin/providers"
            className="mt-1 block rounded-lg px-3 py-2 text-sm hover:bg-muted focus-visible:outline-2 focus-visible:outline-accent"
          >
            Provider status
          </Link>
        )}
        <form action={signOutAction} className="pt-1">
          <button
            type="submit"
            className="w-full rounded-lg px-3 py-2 text-left text-sm hover:bg-muted focus-visible:outline-2 focus-visible:outline-accent"
          >
            Sign out
          </button>
        </form>
        <form action={signOutEverywhereAction}>
          <button
            type="submit"
            className="w-full rounded-lg px-3 py-2 text-left text-sm hover:bg-muted focus-visible:outline-2 focus-visible:outline-accent"
          >
            Sign out everywhere
          </button>
        </form>
      </div>
    </div>
  );
}
