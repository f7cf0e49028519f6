"use client";

// A playlist's songs: play all or shuffled into the player's queue, play from any song, and
// (for those who may edit it) reorder by drag or keyboard (the handle takes ArrowUp and
// ArrowDown; the up and down buttons do the same) and take songs out. Changes show at once
// and go back if the server refuses.
import { ChevronDown, ChevronUp, GripVertical, Play, Shuffle, X } from "lucide-react";
import type { Route } from "next";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";

import { formatDuration } from "@/components/format";
import { usePlayer, type Track } from "@/components/player/player-context";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toast";
import { movePlaylistItemAction, removeFromPlaylistAction } from "@/lib/actions/playlists";
import { moved } from "@/lib/playlists/shared";

type Item = {
  id: string;
  addedBy: string | null;
  clip: {
    id: string;
    title: string;
    tags: string;
    duration: number | null;
    hasCover: boolean;
    creator: string | null;
  };
};

const trackOf = (item: Item): Track => ({
  id: item.clip.id,
  title: item.clip.title,
  subtitle: item.clip.tags,
  src: `/api/media/${item.clip.id}/audio`,
  cover: item.clip.hasCover ? `/api/media/${item.clip.id}/image` : null,
});

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
};

function shuffled<T>(list: T[]): T[] {
  const copy = [...list];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

export function PlaylistTracks({
  playlistId,
  items,
  canEdit,
  smart = false,
}: {
  playlistId: string;
  items: Item[];
  canEdit: boolean;
  /** the songs follow rules: nothing to reorder or take out */
  smart?: boolean;
}) {
  const player = usePlayer();
  const [list, setList] = useState(items);
  // fresh server data (after each change is revalidated) replaces the optimistic view
  const [seen, setSeen] = useState(items);
  if (items !== seen) {
    setSeen(items);
    setList(items);
  }
  const [dragging, setDragging] = useState<number | null>(null);
  const [focusId, setFocusId] = useState<string | null>(null);
  /** said to screen readers once the server has the new order */
  const [announcement, setAnnouncement] = useState("");
  const handles = useRef(new Map<string, HTMLButtonElement>());
  useEffect(() => {
    if (focusId) handles.current.get(focusId)?.focus();
  }, [focusId, list]);

  const tracks = list.map(trackOf);
  const playFrom = (tracksInOrder: Track[]) =>
    tracksInOrder[0] && player.play(tracksInOrder[0], tracksInOrder);

  const move = async (from: number, to: number) => {
    if (to < 0 || to >= list.length || from === to) return;
    const item = list[from]!;
    const before = list;
    setList(moved(list, from, to));
    setFocusId(item.id);
    const result = await movePlaylistItemAction(
      {},
      form({ playlistId, itemId: item.id, toIndex: String(to) }),
    );
    if (result.error) {
      setList(before);
      toast.error(result.error);
    } else
      setAnnouncement(
        `${item.clip.title || "The song"} moved to place ${to + 1} of ${list.length}`,
      );
  };
  const remove = async (item: Item) => {
    const before = list;
    setList(list.filter((i) => i.id !== item.id));
    const result = await removeFromPlaylistAction({}, form({ playlistId, itemId: item.id }));
    if (result.error) {
      setList(before);
      toast.error(result.error);
    } else toast.success(`${item.clip.title || "The song"} is out of the playlist`);
  };

  if (list.length === 0)
    return (
      <p className="rounded-xl border border-dashed border-line p-6 text-center text-sm text-fg-muted">
        {smart
          ? "No songs match these rules yet. As songs are made, liked and rated they appear here."
          : "No songs here yet. Add some from a song\u2019s menu in the library, or from the player."}
      </p>
    );

  return (
    <section aria-label="Songs in this playlist" className="flex flex-col gap-3">
      <div className="flex flex-wrap gap-2">
        <Button onClick={() => playFrom(tracks)}>
          <Play className="size-4" fill="currentColor" aria-hidden="true" />
          Play all
        </Button>
        <Button variant="secondary" onClick={() => playFrom(shuffled(tracks))}>
          <Shuffle className="size-4" aria-hidden="true" />
          Shuffle
        </Button>
      </div>
      <p role="status" className="sr-only">
        {announcement}
      </p>
      {canEdit && (
        <p id="reorder-hint" className="text-xs text-fg-muted">
          Drag a song by its handle, or focus the handle and press the up and down arrow keys.
        </p>
      )}
      <ol aria-label="Playlist songs" className="flex flex-col rounded-xl border border-line">
        {list.map((item, index) => {
          const name = item.clip.title || "Untitled";
          return (
            <li
              key={item.id}
              data-item-id={item.id}
              draggable={canEdit}
              onDragStart={(e) => {
                setDragging(index);
                e.dataTransfer.effectAllowed = "move";
              }}
              onDragOver={(e) => dragging !== null && e.preventDefault()}
              onDrop={(e) => {
                e.preventDefault();
                if (dragging !== null) void move(dragging, index);
                setDragging(null);
              }}
              onDragEnd={() => setDragging(null)}
              className={`flex items-center gap-2 border-b border-line px-2 py-2 last:border-b-0 ${dragging === index ? "opacity-50" : ""}`}
            >
              {canEdit && (
                <button
                  type="button"
                  ref={(node) => {
                    if (node) handles.current.set(item.id, node);
                    else handles.current.delete(item.id);
                  }}
                  aria-label={`Move ${name}, place ${index + 1} of ${list.length}`}
                  aria-describedby="reorder-hint"
                  onKeyDown={(e) => {
                    if (e.key === "ArrowUp" || e.key === "ArrowDown") {
                      e.preventDefault();
                      void move(index, index + (e.key === "ArrowUp" ? -1 : 1));
                    }
                  }}
                  className="inline-flex size-9 shrink-0 cursor-grab items-center justify-center rounded-md text-fg-muted hover:bg-muted focus-visible:outline-2 focus-visible:outline-accent"
                >
                  <GripVertical className="size-4" aria-hidden="true" />
                </button>
              )}
              <span className="w-6 shrink-0 text-right text-sm text-fg-muted tabular-nums">
                {index + 1}
              </span>
              <button
                type="button"
                onClick={() => player.play(tracks[index]!, tracks)}
                aria-label={`Play ${name}`}
                className="inline-flex size-9 shrink-0 items-center justify-center rounded-full hover:bg-muted focus-visible:outline-2 focus-visible:outline-accent"
              >
                <Play className="size-4" fill="currentColor" aria-hidden="true" />
              </button>
              <div className="min-w-0 flex-1">
                <Link
                  href={`/clips/${item.clip.id}` as Route}
                  className="block truncate font-medium underline-offset-4 hover:underline focus-visible:outline-2 focus-visible:outline-accent"
                >
                  {name}
                </Link>
                <p className="truncate text-xs text-fg-muted">
                  {[item.clip.creator && `by ${item.clip.creator}`, item.clip.tags]
                    .filter(Boolean)
                    .join(" · ")}
                </p>
              </div>
              <span className="shrink-0 text-sm text-fg-muted tabular-nums">
                {formatDuration(item.clip.duration)}
              </span>
              {canEdit && (
                <>
                  <button
                    type="button"
                    aria-label={`Move ${name} up`}
                    disabled={index === 0}
                    onClick={() => void move(index, index - 1)}
                    className="inline-flex size-9 shrink-0 items-center justify-center rounded-md text-fg-muted hover:bg-muted focus-visible:outline-2 focus-visible:outline-accent disabled:opacity-30"
                  >
                    <ChevronUp className="size-4" aria-hidden="true" />
                  </button>
                  <button
                    type="button"
                    aria-label={`Move ${name} down`}
                    disabled={index === list.length - 1}
                    onClick={() => void move(index, index + 1)}
                    className="inline-flex size-9 shrink-0 items-center justify-center rounded-md text-fg-muted hover:bg-muted focus-visible:outline-2 focus-visible:outline-accent disabled:opacity-30"
                  >
                    <ChevronDown className="size-4" aria-hidden="true" />
                  </button>
                  <button
                    type="button"
                    aria-label={`Take ${name} out of the playlist`}
                    onClick={() => void remove(item)}
                    className="inline-flex size-9 shrink-0 items-center justify-center rounded-md text-fg-muted hover:bg-muted hover:text-danger focus-visible:outline-2 focus-visible:outline-accent"
                  >
                    <X className="size-4" aria-hidden="true" />
                  </button>
                </>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
