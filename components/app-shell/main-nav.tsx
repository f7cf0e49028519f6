"use client";

import { History, Library, ListMusic, Sparkles } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";

import { cn } from "@/lib/cn";

const ITEMS = [
  { href: "/create", label: "Create", Icon: Sparkles },
  { href: "/library", label: "Library", Icon: Library },
  { href: "/playlists", label: "Playlists", Icon: ListMusic },
  { href: "/history", label: "History", Icon: History },
] as const;

/** `libraryHref`: the current workspace's library (Personal, or a team's). */
export function MainNav({
  className,
  libraryHref = "/library",
}: {
  className?: string;
  libraryHref?: string;
}) {
  const pathname = usePathname();
  const items = ITEMS.map((item) =>
    item.href === "/library" ? { ...item, href: libraryHref } : item,
  );
  return (
    <nav aria-label="Main" className={className}>
      <ul className="flex items-center gap-1">
        {items.map((item) => {
          const active =
            pathname === item.href ||
            pathname.startsWith(`${item.href}/`) ||
            (item.label === "Library" && pathname === "/library");
          return (
            <li key={item.href}>
              <Link
                href={item.href as "/library"}
                aria-current={active ? "page" : undefined}
                className={cn(
                  "inline-flex h-11 items-center gap-2 rounded-lg px-3 text-sm font-medium transition-colors sm:h-10",
                  "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent",
                  active ? "bg-muted text-fg" : "text-fg-muted hover:bg-muted hover:text-fg",
                )}
              >
                <item.Icon aria-hidden="true" className="size-4" />
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
