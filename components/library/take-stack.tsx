"use client";

// A stack of takes in the library (issue 18): the card shows its top song; this button opens
// the stack's other takes in place (a disclosure: aria-expanded, aria-controls), each with its
// keeper mark or, for whoever may pick, a "Make keeper" button.
import { ChevronDown, Crown } from "lucide-react";
import type { Route } from "next";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";

import { toast } from "@/components/ui/toast";
import { pickKeeperAction } from "@/lib/actions/keepers";
import type { LibraryClipJson } from "@/lib/library/shared";
import { useStack } from "@/lib/swr/use-stack";

export function KeeperMark({ compact = false }: { compact?: boolean }) {
  return (
    <span
      title="Keeper"
      className="inline-flex shrink-0 items-center gap-1 rounded-full bg-accent/15 px-2 py-0.5 text-xs font-medium text-accent"
    >
      <Crown className="size-3" aria-hidden="true" />
      <span className={compact ? "sr-only" : undefined}>Keeper</span>
    </span>
  );
}

export function TakeStack({ clip, team }: { clip: LibraryClipJson; team?: string }) {
  const [open, setOpen] = useState(false);
  const [pending, startTransition] = useTransition();
  const router = useRouter();
  const pathname = usePathname();
  const id = useId();
  const { takes, error, isLoading, mutate } = useStack({ stackId: clip.stackId, team, open });
  const title = clip.title || "this song";

  const pick = (take: LibraryClipJson) =>
    startTransition(async () => {
      const data = new FormData();
      data.set("clipId", take.id);
      const result = await pickKeeperAction({}, data);
      if (result.error) return void toast.error(result.error);
      toast.success(result.message ?? "Keeper picked.");
      await mutate();
      router.refresh();
    });

  return (
    <div className="flex flex-col gap-1">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((o) => !o)}
        className="inline-flex w-fit items-center gap-1 rounded-md text-xs font-medium text-link underline-offset-4 hover:underline focus-visible:outline-2 focus-visible:outline-accent"
      >
        <ChevronDown
          className={`size-3.5 transition-transform ${open ? "rotate-180" : ""}`}
          aria-hidden="true"
        />
        {open ? "Hide" : "Show"} {clip.stackSize} takes
        <span className="sr-only"> of {title}</span>
      </button>
      {open && (
        <div id={id}>
          {isLoading && <p className="text-xs text-fg-muted">Loading takes…</p>}
          {error && (
            <p role="alert" className="text-xs text-danger">
              {error}
            </p>
          )}
          <ul aria-label={`Takes of ${title}`} className="flex flex-col gap-1">
            {takes.map((take, i) => (
              <li
                key={take.id}
                data-take-id={take.id}
                className="flex min-h-8 items-center justify-between gap-2 text-xs"
              >
                <Link
                  href={`/clips/${take.id}` as Route}
                  className="min-w-0 truncate underline-offset-4 hover:underline focus-visible:outline-2 focus-visible:outline-accent"
                >
                  {take.title || "Untitled"}
                  <span className="text-fg-muted"> · take {i + 1}</span>
                </Link>
                {take.isKeeper ? (
                  <KeeperMark />
                ) : (
                  take.canKeep && (
                    <button
                      type="button"
                      disabled={pending}
                      onClick={() => pick(take)}
                      aria-label={`Make keeper: take ${i + 1}`}
                      className="shrink-0 rounded-md border border-line px-2 py-0.5 font-medium hover:border-fg-muted focus-visible:outline-2 focus-visible:outline-accent disabled:opacity-50"
                    >
                      Make keeper
                    </button>
                  )
                )}
              </li>
            ))}
          </ul>
          <Link
            href={`${pathname}?stack=${encodeURIComponent(clip.stackId)}` as Route}
            className="text-xs font-medium text-link underline-offset-4 hover:underline focus-visible:outline-2 focus-visible:outline-accent"
          >
            Every take as a card
          </Link>
        </div>
      )}
    </div>
  );
}
