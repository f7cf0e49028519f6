"use client";

// One song in the library, as a card (grid) or a row (list): the cover plays it (the button
// shows on hover and focus, always on touch screens), the title opens it, and the menu does
// the rest. Takes of one request are labelled "Take 1 / Take 2".
import { CloudCheck, Heart, Pause, Play, Star } from "lucide-react";
import type { Route } from "next";
import Link from "next/link";
import { useState, type ReactNode } from "react";

import { formatDuration } from "@/components/format";
import { usePlayer, type Track } from "@/components/player/player-context";
import { likedByText, type LibraryClipJson } from "@/lib/library/shared";
import { modelLabel } from "@/lib/suno/catalogue";

import { ClipMenu } from "./clip-menu";
import { KeeperMark, TakeStack } from "./take-stack";

export const clipTrack = (clip: LibraryClipJson): Track => ({
  id: clip.id,
  title: clip.title,
  subtitle: clip.tags,
  src: `/api/media/${clip.id}/audio`,
  cover: clip.hasCover ? `/api/media/${clip.id}/image` : null,
});

type Props = {
  clip: LibraryClipJson;
  layout: "grid" | "list";
  showCreator: boolean;
  /** plays this song with the list it is in as the queue */
  onPlay: () => void;
  onTrashed: () => void;
  highlight: (text: string) => ReactNode;
  /** the team library's slug, for an opened stack's takes */
  team?: string;
  /** false in an opened stack's own list (its takes are the list) */
  showStack?: boolean;
  /** bulk selection: ticked, and a click on the box (shift: the range from the last one) */
  selected: boolean;
  onSelect: (range: boolean) => void;
};

export function ClipCard({
  clip,
  layout,
  showCreator,
  onPlay,
  onTrashed,
  highlight,
  team,
  showStack = true,
  selected,
  onSelect,
}: Props) {
  const player = usePlayer();
  const [liked, setLiked] = useState(clip.myLiked);
  const [rating, setRating] = useState(clip.myRating);
  // others' likes are the server's; one's own follows the click at once
  const likes = clip.likes - Number(clip.myLiked) + Number(liked);
  // the team's mean shows once someone else rated it (one's own rating is the star)
  const othersRated = clip.ratings - Number(clip.myRating != null) > 0;
  const likedBy =
    clip.likers.length > 0 ? likedByText({ myLiked: liked, likes, likers: clip.likers }) : null;
  const track = clipTrack(clip);
  const isCurrent = player.current?.id === clip.id;
  const playingHere = isCurrent && player.playing;
  const name = clip.title || "this song";
  const size = layout === "grid" ? "size-16" : "size-12";

  const meta = [
    showCreator && clip.creator ? `by ${clip.creator}` : null,
    clip.duration == null ? "length unknown" : formatDuration(clip.duration),
    clip.model ? modelLabel(clip.model) : null,
    // a card has room for one line; a row says more
    layout === "list" ? (clip.isInstrumental ? "instrumental" : "vocals") : null,
    new Date(clip.createdAt).toLocaleDateString("en", { dateStyle: "medium" }),
  ].filter(Boolean);

  return (
    <li
      data-clip-id={clip.id}
      className={
        (layout === "grid"
          ? "flex min-w-0 items-start gap-3 rounded-xl border bg-surface p-3 "
          : "flex items-center gap-3 border-b px-2 py-2 last:border-b-0 ") +
        (selected ? "border-accent bg-accent/5" : "border-line")
      }
    >
      <input
        type="checkbox"
        checked={selected}
        // a click carries the shift key (ranges); Space on the box is a click too
        onChange={() => {}}
        onClick={(e) => onSelect(e.shiftKey)}
        aria-label={`Select ${clip.title || "Untitled"}`}
        className="mt-1 size-5 shrink-0 cursor-pointer accent-accent"
      />
      <div className={`group relative ${size} shrink-0`}>
        {clip.hasCover ? (
          // eslint-disable-next-line @next/next/no-img-element -- served by /api/media, sized to avoid layout shift
          <img
            src={`/api/media/${clip.id}/image`}
            alt=""
            width={64}
            height={64}
            loading="lazy"
            className={`${size} rounded-lg object-cover`}
          />
        ) : (
          <div aria-hidden="true" className={`${size} rounded-lg bg-muted`} />
        )}
        <button
          type="button"
          onClick={() => (isCurrent ? player.toggle() : onPlay())}
          aria-label={`${playingHere ? "Pause" : "Play"} ${name}`}
          className={`absolute inset-0 flex items-center justify-center rounded-lg bg-black/45 text-white transition-opacity group-hover:opacity-100 focus-visible:opacity-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent [@media(hover:none)]:opacity-100 ${playingHere ? "opacity-100" : "opacity-0"}`}
        >
          {playingHere ? (
            <Pause className="size-6" fill="currentColor" aria-hidden="true" />
          ) : (
            <Play className="size-6" fill="currentColor" aria-hidden="true" />
          )}
        </button>
      </div>
      <div className="flex min-w-0 flex-1 flex-col gap-0.5">
        <p className="flex min-w-0 items-center gap-2">
          <Link
            href={`/clips/${clip.id}` as Route}
            className="min-w-0 truncate font-medium underline-offset-4 hover:underline focus-visible:outline-2 focus-visible:outline-accent"
          >
            {highlight(clip.title || "Untitled")}
          </Link>
          {clip.takes > 1 && (
            <span className="shrink-0 rounded-full bg-muted px-2 py-0.5 text-xs text-fg-muted">
              Take {clip.take}
              <span className="sr-only"> of {clip.takes}</span>
            </span>
          )}
          {clip.isKeeper && clip.stackSize > 1 && <KeeperMark compact />}
        </p>
        <p className="truncate text-sm text-fg-muted">{highlight(clip.tags || "No style tags")}</p>
        <p className="flex min-w-0 items-center gap-1.5 text-xs text-fg-muted">
          <span className="truncate">{meta.join(" · ")}</span>
          {liked && (
            <>
              <Heart className="size-3.5 shrink-0 fill-current text-danger" aria-hidden="true" />
              <span className="sr-only">liked</span>
            </>
          )}
          {rating != null && (
            <span className="shrink-0" title="Your rating">
              <Star className="inline size-3.5 fill-current text-accent" aria-hidden="true" />{" "}
              <span className="sr-only">Your rating: </span>
              {rating}
            </span>
          )}
          {clip.archived && (
            <span
              className="inline-flex shrink-0 items-center gap-1"
              title="Chorus keeps its own copy"
            >
              <CloudCheck className="size-3.5" aria-hidden="true" />
              <span className={layout === "grid" ? "sr-only" : ""}>Saved</span>
            </span>
          )}
        </p>
        {(likedBy || othersRated) && (
          <p className="truncate text-xs text-fg-muted" data-testid="reactions">
            {[
              likedBy,
              othersRated && clip.rating != null
                ? `rated ${clip.rating.toFixed(1)} by ${clip.ratings}`
                : null,
            ]
              .filter(Boolean)
              .join(" · ")}
          </p>
        )}
        {showStack && clip.stackSize > 1 && <TakeStack clip={clip} team={team} />}
      </div>
      <ClipMenu
        track={track}
        clipId={clip.id}
        taskId={clip.taskId}
        liked={liked}
        rating={rating}
        isOwner={clip.isOwner}
        onLiked={setLiked}
        onRated={setRating}
        onTrashed={onTrashed}
      />
    </li>
  );
}
