"use client";

// A song brought forward to the current model, next to the one it came from (issue 16): each
// with its cover, its model and a play button driving the app's one player, so the two can be
// heard one after the other.
import Link from "next/link";

import { PauseIcon, PlayIcon } from "@/components/player/icons";
import { usePlayer } from "@/components/player/player-context";

export type Side = { id: string; title: string; model: string; hasCover: boolean };

function Card({ side, label, here }: { side: Side; label: string; here: boolean }) {
  const player = usePlayer();
  const playing = player.current?.id === side.id && player.playing;
  const title = side.title || "Untitled";
  return (
    <li className="flex items-center gap-3 rounded-lg border border-line p-3">
      {side.hasCover ? (
        // eslint-disable-next-line @next/next/no-img-element -- served by /api/media
        <img
          src={`/api/media/${side.id}/image`}
          alt=""
          width={48}
          height={48}
          className="size-12 shrink-0 rounded-md object-cover"
        />
      ) : (
        <div aria-hidden="true" className="size-12 shrink-0 rounded-md bg-muted" />
      )}
      <div className="min-w-0 flex-1">
        <p className="text-xs font-medium text-fg-muted uppercase">
          {label} · {side.model}
        </p>
        {here ? (
          <p className="truncate font-medium">{title} (this page)</p>
        ) : (
          <Link
            href={`/clips/${side.id}`}
            className="block truncate font-medium text-link underline-offset-4 hover:underline"
          >
            {title}
          </Link>
        )}
      </div>
      <button
        type="button"
        onClick={() =>
          player.current?.id === side.id
            ? player.toggle()
            : player.play({
                id: side.id,
                title: side.title,
                subtitle: `${label} · ${side.model}`,
                src: `/api/media/${side.id}/audio`,
                cover: side.hasCover ? `/api/media/${side.id}/image` : null,
              })
        }
        aria-label={`${playing ? "Pause" : "Play"} ${label.toLowerCase()}: ${title}`}
        className="grid size-11 shrink-0 place-items-center rounded-full bg-accent text-white hover:bg-accent-strong focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent"
      >
        {playing ? <PauseIcon /> : <PlayIcon />}
      </button>
    </li>
  );
}

export function OldAndNew({ old, now, hereId }: { old: Side; now: Side[]; hereId: string }) {
  return (
    <section aria-labelledby="old-and-new" className="flex flex-col gap-2">
      <h2 id="old-and-new" className="text-lg font-semibold">
        Old and new
      </h2>
      <ul className="grid gap-2 sm:grid-cols-2" data-testid="old-and-new">
        <Card side={old} label="Before" here={old.id === hereId} />
        {now.map((side) => (
          <Card key={side.id} side={side} label="Now" here={side.id === hereId} />
        ))}
      </ul>
    </section>
  );
}
