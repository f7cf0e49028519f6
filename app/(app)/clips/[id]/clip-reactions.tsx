"use client";

// The clip page's reactions: the reader's own like and rating (anyone who may see the song
// may set them, a team's viewers too) and what the people they share it with think. The page
// remounts this with fresh counts after each change (the actions revalidate it).
import { useState } from "react";

import { LikeButton, StarRating } from "@/components/library/reactions";
import { likedByText } from "@/lib/library/shared";

type Summary = {
  myLiked: boolean;
  myRating: number | null;
  likes: number;
  likers: string[];
  rating: number | null;
  ratings: number;
};

export function ClipReactions({ clipId, reactions }: { clipId: string; reactions: Summary }) {
  const [liked, setLiked] = useState(reactions.myLiked);
  const [rating, setRating] = useState(reactions.myRating);
  // the count follows one's own click at once; the others' likes are the server's
  const likes = reactions.likes - Number(reactions.myLiked) + Number(liked);
  const text = likedByText({ myLiked: liked, likes, likers: reactions.likers });
  return (
    <section
      aria-label="Reactions"
      className="flex flex-wrap items-center gap-x-4 gap-y-2 rounded-xl border border-line bg-surface p-4"
    >
      <LikeButton clipId={clipId} liked={liked} onChange={setLiked} />
      <StarRating clipId={clipId} rating={rating} onChange={setRating} />
      <p className="text-sm text-fg-muted" data-testid="reaction-summary">
        {[
          text ?? "No likes yet",
          reactions.ratings > 0
            ? `rated ${reactions.rating?.toFixed(1)} by ${reactions.ratings} ${reactions.ratings === 1 ? "person" : "people"}`
            : null,
        ]
          .filter(Boolean)
          .join(" · ")}
      </p>
    </section>
  );
}
