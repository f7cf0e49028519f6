"use client";

// A person's own reaction to a song: a like button and a 1-5 star rating (native radio
// buttons, so arrow keys move between stars; choosing the current star again clears it).
// Both change at once on screen and go back if the server refuses.
import { Star } from "lucide-react";
import { useId, useState } from "react";

import { toast } from "@/components/ui/toast";
import { rateClipAction, toggleLikeAction } from "@/lib/actions/clips";

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
};

/** Sends the actor's like; returns false (and says why) when the server refused. */
export async function sendLike(clipId: string, liked: boolean) {
  const result = await toggleLikeAction({}, form({ clipId, liked: String(liked) }));
  if (result.error) toast.error(result.error);
  return !result.error;
}

/** Sends the actor's rating (null clears it); false when the server refused. */
export async function sendRating(clipId: string, rating: number | null) {
  const result = await rateClipAction({}, form({ clipId, rating: String(rating ?? 0) }));
  if (result.error) toast.error(result.error);
  return !result.error;
}

export function LikeButton({
  clipId,
  liked,
  onChange,
}: {
  clipId: string;
  liked: boolean;
  onChange: (liked: boolean) => void;
}) {
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      aria-pressed={liked}
      disabled={busy}
      onClick={async () => {
        setBusy(true);
        onChange(!liked);
        if (!(await sendLike(clipId, !liked))) onChange(liked);
        setBusy(false);
      }}
      className="inline-flex min-h-9 items-center gap-1.5 rounded-lg border border-line px-3 text-sm font-medium hover:bg-muted focus-visible:outline-2 focus-visible:outline-accent disabled:opacity-60"
    >
      {liked ? "♥ Liked" : "♡ Like"}
    </button>
  );
}

export function StarRating({
  clipId,
  rating,
  onChange,
  label = "Your rating",
}: {
  clipId: string;
  rating: number | null;
  onChange: (rating: number | null) => void;
  label?: string;
}) {
  const name = useId();
  const choose = async (stars: number | null) => {
    const before = rating;
    onChange(stars);
    if (!(await sendRating(clipId, stars))) onChange(before);
  };
  return (
    <fieldset className="flex items-center gap-1">
      <legend className="sr-only">{label}</legend>
      <span aria-hidden="true" className="mr-1 text-sm text-fg-muted">
        {label}
      </span>
      {[1, 2, 3, 4, 5].map((stars) => (
        <label
          key={stars}
          className="relative cursor-pointer rounded p-0.5 focus-within:outline-2 focus-within:outline-accent"
        >
          <input
            type="radio"
            name={name}
            value={stars}
            checked={rating === stars}
            onChange={() => void choose(stars)}
            // choosing the chosen star again takes the rating away
            onClick={() => rating === stars && void choose(null)}
            // over the star, invisible: the star is what shows, the radio is what one clicks
            className="absolute inset-0 size-full cursor-pointer opacity-0"
            aria-label={`${stars} ${stars === 1 ? "star" : "stars"}`}
          />
          <Star
            aria-hidden="true"
            className={`size-5 ${rating != null && stars <= rating ? "fill-current text-accent" : "text-fg-muted"}`}
          />
        </label>
      ))}
      {rating != null && (
        <button
          type="button"
          onClick={() => void choose(null)}
          className="ml-1 rounded px-1 text-xs text-fg-muted underline-offset-4 hover:underline focus-visible:outline-2 focus-visible:outline-accent"
        >
          Clear
          <span className="sr-only"> your rating</span>
        </button>
      )}
    </fieldset>
  );
}
