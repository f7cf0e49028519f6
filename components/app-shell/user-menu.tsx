"use client";
// The signed-in user's menu: a disclosure button (Enter/Space/ArrowDown open it, Escape
// closes it and returns focus, a click outside closes it).
import { useEffect, useId, useRef, useState } from "react";
import { signOutAction } from "@/app/(auth)/actions";
import { cn } from "@/lib/cn";

function initials(name: string | null, email: string | null) {
  const source = name?.trim() || email || "?";
  const parts = source.split(/[\s@.]+/).filter(Boolean);
  return ((parts[0]?.[0] ?? "?") + (parts[1]?.[0] ?? "")).toUpperCase();
}

export function UserMenu({ name, email }: { name: string | null; email: string | null }) {
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    panelRef.current?.querySelector<HTMLElement>("button, a")?.focus();
    const onPointer = (event: PointerEvent) => {
      if (!panelRef.current?.contains(event.target as Node) && !buttonRef.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") {
        setOpen(false);
        buttonRef.current?.focus();
      }
    };
    document.addEventListener("pointerdown", onPointer);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("pointerdown", onPointer);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);

  return (
    <div className="relative">
      <button
        ref={buttonRef}
        type="button"
        aria-haspopup="true"
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => setOpen((value) => !value)}
        onKeyDown={(event) => {
          if (event.key === "ArrowDown") {
            event.preventDefault();
            setOpen(true);
          }
        }}
        className="flex items-center gap-2 rounded-full p-1 pr-2 text-sm hover:bg-muted focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent"
      >
        <span aria-hidden="true" className="grid size-8 place-items-center rounded-full bg-accent text-xs font-semibold text-white">
          {initials(name, email)}
        </span>
        <span className="hidden max-w-40 truncate font-medium md:inline">{name || email}</span>
        <span className="sr-only">Account menu</span>
      </button>
      <div
        ref={panelRef}
        id={menuId}
        hidden={!open}
        className={cn("absolute right-0 mt-2 w-64 rounded-xl border border-line bg-surface p-2 shadow-xl")}
      >
        <div className="border-b border-line px-3 pb-2 pt-1">
          <p className="truncate text-sm font-medium">{name || "Signed in"}</p>
          {email && <p className="truncate text-xs text-fg-muted">{email}</p>}
        </div>
        <form action={signOutAction} className="pt-1">
          <button type="submit" className="w-full rounded-lg px-3 py-2 text-left text-sm hover:bg-muted focus-visible:outline-2 focus-visible:outline-accent">
            Sign out
          </button>
        </form>
      </div>
    </div>
  );
}
