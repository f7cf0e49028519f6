"use client";

// The lyrics as they are sung: while this song plays in the app's player, the word being sung
// is lit (karaoke style), the words before it dimmed, and its line kept in view inside the
// box (never by scrolling the page). A click on a line plays from there. Shown on the clip page
// and in the player's now-playing view.
import { Fragment, useEffect, useMemo, useRef, useState } from "react";

import { usePlayer } from "@/components/player/player-context";
import { cn } from "@/lib/cn";
import { syncedLines, wordAt, type SyncedWord } from "@/lib/library/synced-lyrics";

export function SyncedLyrics({
  clipId,
  words,
  track,
  className,
}: {
  clipId: string;
  words: SyncedWord[];
  track: { title: string; subtitle: string; hasCover: boolean };
  className?: string;
}) {
  const player = usePlayer();
  const lines = useMemo(() => syncedLines(words), [words]);
  const flat = useMemo(() => lines.flatMap((line) => line.words), [lines]);
  const [time, setTime] = useState(-1);
  const box = useRef<HTMLOListElement>(null);
  const isCurrent = player.current?.id === clipId;
  const { audio } = player;

  // follows the player's clock: every frame while it plays, on seeks while it is paused
  useEffect(() => {
    const element = audio.current;
    if (!element || !isCurrent) return;
    let frame = 0;
    const tick = () => {
      setTime(element.currentTime);
      if (!element.paused) frame = requestAnimationFrame(tick);
    };
    const start = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(tick);
    };
    tick();
    element.addEventListener("play", start);
    element.addEventListener("seeked", tick);
    return () => {
      cancelAnimationFrame(frame);
      element.removeEventListener("play", start);
      element.removeEventListener("seeked", tick);
    };
  }, [audio, isCurrent]);

  const active = isCurrent ? wordAt(flat, time) : -1;
  const activeLine = active === -1 ? -1 : lines.findIndex((l) => l.words.includes(flat[active]!));

  useEffect(() => {
    const list = box.current;
    const line = activeLine >= 0 ? (list?.children[activeLine] as HTMLElement | undefined) : null;
    if (!list || !line) return;
    const top = line.offsetTop - list.offsetTop;
    if (top < list.scrollTop || top + line.offsetHeight > list.scrollTop + list.clientHeight)
      list.scrollTo({ top: Math.max(0, top - list.clientHeight / 3), behavior: "smooth" });
  }, [activeLine]);

  const playFrom = (seconds: number) => {
    if (isCurrent) player.seekTo(seconds);
    else
      player.play(
        {
          id: clipId,
          title: track.title,
          subtitle: track.subtitle,
          src: `/api/media/${clipId}/audio`,
          cover: track.hasCover ? `/api/media/${clipId}/image` : null,
        },
        undefined,
        { at: seconds },
      );
  };

  let index = -1;
  return (
    <ol
      ref={box}
      data-testid="synced-lyrics"
      aria-label="Synced lyrics"
      className={cn(
        "relative flex max-h-80 flex-col gap-1 overflow-y-auto rounded-xl border border-line bg-surface p-3 text-lg leading-relaxed",
        className,
      )}
    >
      {lines.map((line, lineIndex) => (
        <li key={lineIndex}>
          <button
            type="button"
            onClick={() => playFrom(line.startS)}
            className={cn(
              "w-full rounded px-1 text-left focus-visible:outline-2 focus-visible:outline-accent",
              lineIndex === activeLine ? "text-fg" : "text-fg-muted",
            )}
          >
            {line.words.map((word, i) => {
              index++;
              const state = index === active ? "now" : index < active ? "sung" : "ahead";
              return (
                <Fragment key={i}>
                  {i > 0 && " "}
                  <span
                    data-word={state}
                    className={cn(
                      "transition-colors",
                      state === "now" && "rounded bg-accent/15 font-semibold text-accent",
                      state === "sung" && "text-fg",
                    )}
                  >
                    {word.word}
                  </span>
                </Fragment>
              );
            })}
          </button>
        </li>
      ))}
    </ol>
  );
}
