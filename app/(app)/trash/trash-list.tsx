"use client";

// The trashed songs with a checkbox each: restore the picked ones, or all of them, in one
// bulk action (lib/actions/bulk.ts, authorized per song in one statement); a single song
// keeps its own Restore button.
import { useActionState, useState } from "react";

import { SubmitButton } from "@/components/ui/button";
import { bulkRestoreAction } from "@/lib/actions/bulk";

import { RestoreButton } from "./restore-button";

export type TrashedSong = { id: string; title: string; detail: string };

export function TrashList({ songs }: { songs: TrashedSong[] }) {
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [state, restore] = useActionState(bulkRestoreAction, {});
  const toggle = (id: string) =>
    setPicked((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  // restored songs leave the list (the page re-renders): only those still shown count
  const chosen = songs.filter((song) => picked.has(song.id)).map((song) => song.id);
  const all = songs.length > 0 && chosen.length === songs.length;
  return (
    <div className="flex flex-col gap-3">
      <form
        action={restore}
        className="flex flex-wrap items-center gap-3"
        aria-label="Restore several songs"
      >
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            checked={all}
            onChange={() => setPicked(all ? new Set() : new Set(songs.map((s) => s.id)))}
            className="size-4 accent-accent"
          />
          Select all ({songs.length})
        </label>
        <input type="hidden" name="ids" value={chosen.join(",")} />
        <SubmitButton
          variant="secondary"
          size="sm"
          pendingLabel="Restoring…"
          disabled={chosen.length === 0}
        >
          Restore {chosen.length > 0 ? `${chosen.length} selected` : "selected"}
        </SubmitButton>
        <p role="status" aria-live="polite" className="text-sm">
          {state.error ? (
            <span className="text-danger">{state.error}</span>
          ) : (
            <span className="text-fg-muted">{state.message}</span>
          )}
        </p>
      </form>
      <ul className="flex flex-col gap-2" aria-label="Trashed songs">
        {songs.map((song) => (
          <li
            key={song.id}
            className="flex items-center justify-between gap-4 rounded-xl border border-line bg-surface px-4 py-3"
          >
            <label className="flex min-w-0 items-center gap-3">
              <input
                type="checkbox"
                checked={picked.has(song.id)}
                onChange={() => toggle(song.id)}
                className="size-4 shrink-0 accent-accent"
                aria-label={`Select ${song.title}`}
              />
              <span className="min-w-0">
                <span className="block truncate font-medium">{song.title}</span>
                <span className="block text-xs text-fg-muted">{song.detail}</span>
              </span>
            </label>
            <RestoreButton clipId={song.id} />
          </li>
        ))}
      </ul>
    </div>
  );
}
