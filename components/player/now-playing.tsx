"use client";

// The full-screen now-playing view (opened from the mini bar on a phone, or from the song's
// name on any screen): the cover, the controls, the lyrics (sung word by word where synced
// lyrics were made) and the queue.
import { useEffect, useRef, useState } from "react";

import { formatDuration } from "@/components/format";
import { SyncedLyrics } from "@/components/synced-lyrics";
import { cn } from "@/lib/cn";
import type { SyncedWord } from "@/lib/library/synced-lyrics";

import {
  CollapseIcon,
  NextIcon,
  PauseIcon,
  PlayIcon,
  PreviousIcon,
  RepeatIcon,
  ShuffleIcon,
} from "./icons";
import { SeekSlider, SpeedSelect } from "./player-bar";
import { usePlayer } from "./player-context";
import { QueueList } from "./queue-panel";

const big =
  "grid size-12 place-items-center rounded-full hover:bg-muted focus-visible:outline-2 " +
  "focus-visible:outline-accent";

type SongLyrics = { id: string; text: string | null; words: SyncedWord[] | null };

/** The lyrics of the song playing, with each word's timing where synced lyrics exist. */
function useLyrics(clipId: string | null, open: boolean) {
  const [lyrics, setLyrics] = useState<SongLyrics | null>(null);
  useEffect(() => {
    if (!open || !clipId || lyrics?.id === clipId) return;
    const controller = new AbortController();
    fetch(`/api/clips/${clipId}/lyrics?format=json`, { signal: controller.signal })
      .then(async (response) => {
        const body = response.ok ? ((await response.json()) as Partial<SongLyrics>) : {};
        setLyrics({
          id: clipId,
          text: typeof body.text === "string" && body.text.trim() ? body.text.trim() : null,
          words: Array.isArray(body.words) && body.words.length > 0 ? body.words : null,
        });
      })
      .catch(() => undefined);
    return () => controller.abort();
  }, [clipId, open, lyrics?.id]);
  return lyrics?.id === clipId ? lyrics : null;
}

export function NowPlaying({
  open,
  onClose,
  time,
  duration,
}: {
  open: boolean;
  onClose: () => void;
  time: number;
  duration: number;
}) {
  const player = usePlayer();
  const { current, playing, shuffle, repeat } = player;
  const lyrics = useLyrics(current?.id ?? null, open);
  const [tab, setTab] = useState<"lyrics" | "queue">("lyrics");
  const ref = useRef<HTMLDialogElement>(null);
  const shown = open && current !== null;
  // a native modal dialog: focus moves in (to the close button) and is trapped; Escape closes
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (shown && !dialog.open) {
      const opener = document.activeElement as HTMLElement | null;
      dialog.showModal();
      return () => opener?.focus?.();
    }
    if (!shown && dialog.open) dialog.close();
  }, [shown]);
  return (
    <dialog
      ref={ref}
      aria-label="Now playing"
      onClose={onClose}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      className="m-0 h-dvh max-h-none w-screen max-w-none bg-surface p-0 text-fg backdrop:bg-black/50"
    >
      {shown && current && (
        <div className="flex min-h-full flex-col gap-2 px-5 pt-3 pb-8">
          <button
            type="button"
            onClick={onClose}
            aria-label="Close the player"
            className={cn(big, "self-center")}
          >
            <CollapseIcon />
          </button>
          <div className="mx-auto flex w-full max-w-md flex-col gap-5">
            {current.cover ? (
              // eslint-disable-next-line @next/next/no-img-element -- served by /api/media, sized
              <img
                src={current.cover.replace(/\/image$/, "/image-large")}
                alt=""
                width={448}
                height={448}
                className="aspect-square w-full rounded-2xl object-cover shadow-lg"
              />
            ) : (
              <div aria-hidden="true" className="aspect-square w-full rounded-2xl bg-muted" />
            )}
            <div>
              <p className="truncate text-xl font-semibold">{current.title || "Untitled"}</p>
              <p className="truncate text-sm text-fg-muted">{current.subtitle ?? ""}</p>
            </div>
            <div>
              <SeekSlider time={time} duration={duration} className="w-full" />
              <div className="flex items-center justify-between text-xs text-fg-muted tabular-nums">
                <span>{formatDuration(time)}</span>
                <SpeedSelect />
                <span>{formatDuration(duration)}</span>
              </div>
            </div>
            <div className="flex items-center justify-between">
              <button
                type="button"
                onClick={player.toggleShuffle}
                aria-label="Shuffle"
                aria-pressed={shuffle}
                className={cn(big, shuffle && "text-accent")}
              >
                <ShuffleIcon />
              </button>
              <button type="button" onClick={player.previous} aria-label="Previous" className={big}>
                <PreviousIcon />
              </button>
              <button
                type="button"
                onClick={player.toggle}
                aria-label={playing ? "Pause" : "Play"}
                className="grid size-16 place-items-center rounded-full bg-accent text-white hover:bg-accent-strong focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent"
              >
                {playing ? <PauseIcon /> : <PlayIcon />}
              </button>
              <button type="button" onClick={player.next} aria-label="Next" className={big}>
                <NextIcon />
              </button>
              <button
                type="button"
                onClick={player.cycleRepeat}
                aria-label={`Repeat: ${repeat === "one" ? "this song" : repeat}`}
                aria-pressed={repeat !== "off"}
                className={cn(big, repeat !== "off" && "text-accent")}
              >
                <RepeatIcon one={repeat === "one"} />
              </button>
            </div>
            <div role="tablist" aria-label="Lyrics or queue" className="flex gap-2">
              {(["lyrics", "queue"] as const).map((name) => (
                <button
                  key={name}
                  type="button"
                  role="tab"
                  aria-selected={tab === name}
                  onClick={() => setTab(name)}
                  className={cn(
                    "min-h-11 flex-1 rounded-lg text-sm font-medium capitalize focus-visible:outline-2 focus-visible:outline-accent",
                    tab === name ? "bg-muted" : "text-fg-muted hover:bg-muted",
                  )}
                >
                  {name}
                </button>
              ))}
            </div>
            <div role="tabpanel" aria-label={tab === "lyrics" ? "Lyrics" : "Queue"}>
              {tab === "lyrics" ? (
                lyrics?.words ? (
                  <SyncedLyrics
                    clipId={current.id}
                    words={lyrics.words}
                    track={{
                      title: current.title,
                      subtitle: current.subtitle ?? "",
                      hasCover: Boolean(current.cover),
                    }}
                    className="max-h-[50dvh]"
                  />
                ) : (
                  <p className="text-base leading-relaxed whitespace-pre-line">
                    {lyrics?.text ?? "No lyrics for this song."}
                  </p>
                )
              ) : (
                <QueueList />
              )}
            </div>
          </div>
        </div>
      )}
    </dialog>
  );
}
