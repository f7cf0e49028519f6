"use client";

// The workspace switcher: Personal or one of the user's teams. A disclosure like the user
// menu (Enter/Space/ArrowDown open it, Escape closes it and returns focus); each choice is
// a form, so it works before JavaScript loads too.
import { ChevronDown } from "lucide-react";
import Link from "next/link";
import { useActionState } from "react";

import { switchWorkspaceAction } from "@/lib/actions/teams";
import { cn } from "@/lib/cn";

import { useDisclosure } from "./use-disclosure";

type Team = { slug: string; name: string; role: string };

export function WorkspaceSwitcher({
  teams,
  current,
}: {
  teams: Team[];
  current: { slug: string; name: string } | null;
}) {
  const [state, action, pending] = useActionState(switchWorkspaceAction, {});
  const { setOpen, buttonProps, panelProps } = useDisclosure("[aria-current='true'], button, a");

  const item =
    "flex min-h-11 w-full items-center justify-between gap-2 rounded-lg px-3 py-2 text-left text-sm hover:bg-muted focus-visible:outline-2 focus-visible:outline-accent";
  const choice = (slug: string, label: string, detail: string | null, active: boolean) => (
    <form action={action} key={slug || "personal"}>
      <input type="hidden" name="slug" value={slug} />
      <button
        type="submit"
        className={cn(item, active && "font-semibold")}
        aria-current={active ? "true" : undefined}
        disabled={pending}
      >
        <span className="truncate">{label}</span>
        {detail && <span className="text-xs font-normal text-fg-muted">{detail}</span>}
        {active && <span className="sr-only">(current)</span>}
      </button>
    </form>
  );

  return (
    <div className="relative min-w-0 sm:max-w-48">
      <button
        {...buttonProps}
        className="flex h-11 max-w-full items-center gap-2 rounded-lg border border-line px-3 text-sm font-medium hover:bg-muted focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent"
      >
        <span className="sr-only">Workspace:</span>
        <span className="truncate">{current?.name ?? "Personal"}</span>
        <ChevronDown aria-hidden="true" className="size-4 shrink-0" />
      </button>
      <div
        {...panelProps}
        className="absolute left-0 z-40 mt-2 w-72 rounded-xl border border-line bg-surface p-2 shadow-xl"
      >
        <p className="px-3 pt-1 pb-1 text-xs font-semibold tracking-wide text-fg-muted uppercase">
          Workspaces
        </p>
        {choice("", "Personal", null, current === null)}
        {teams.map((team) =>
          choice(team.slug, team.name, team.role.toLowerCase(), current?.slug === team.slug),
        )}
        {state.error && (
          <p role="alert" className="px-3 py-1 text-xs text-danger">
            {state.error}
          </p>
        )}
        <div className="mt-1 border-t border-line pt-1">
          <Link href="/teams" className={item} onClick={() => setOpen(false)}>
            Manage teams or create one
          </Link>
        </div>
      </div>
    </div>
  );
}
