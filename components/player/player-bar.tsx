"use client";

// The global player bar: what is playing, controls, a seek slider, the queue position.
import { useState } from "react";

import { formatDuration } from "@/components/format";

import { NextIcon, PauseIcon, PlayIcon, PreviousIcon } from "./icons";
import { usePlayer } from "./player-context";

export function PlayerBar() {
  const { current, playing, audio, queue, index, toggle, next, previous, setPlaying } = usePlayer();
  const [time, setTime] = useState(0);
  const [duration, setDuration] = useState(0);

  return (
    <div
      className={
        current
          ? "fixed inset-x-0 bottom-0 z-40 border-t border-line bg-surface/95 backdrop-blur"
          : "hidden"
      }
      role="region"
      aria-label="Player"
    >
      {/* eslint-disable-next-line jsx-a11y/media-has-caption -- music: the lyrics are on the page; a captions track needs synced lyrics */}
      <audio
        ref={audio}
        src={current?.src}
        preload="auto"
        onEmptied={() => (setTime(0), setDuration(0))}
        onTimeUpdate={(e) => setTime(e.currentTarget.currentTime)}
        onLoadedMetadata={(e) => setDuration(e.currentTarget.duration)}
        onEnded={() => (index < queue.length - 1 ? next() : setPlaying(false))}
        onPause={() => setPlaying(false)}
        onPlay={() => setPlaying(true)}
      />
      {current && (
        <div className="mx-auto flex max-w-6xl items-center gap-3 px-4 py-2 sm:px-6">
          {current.cover ? (
            // eslint-disable-next-line @next/next/no-img-element -- served by /api/media, sized
            <img
              src={current.cover}
              alt=""
              width={40}
              height={40}
              className="size-10 shrink-0 rounded-md object-cover"
            />
          ) : (
            <div aria-hidden="true" className="size-10 shrink-0 rounded-md bg-muted" />
          )}
          <div className="w-40 min-w-0 sm:w-56">
            <p className="truncate text-sm font-medium" aria-live="polite">
              {current.title || "Untitled"}
            </p>
            <p className="truncate text-xs text-fg-muted">
              {current.subtitle ?? ""}
              {queue.length > 1 ? ` · ${index + 1} of ${queue.length}` : ""}
            </p>
          </div>
          <div className="flex items-center gap-1">
            <button
              type="button"
              onClick={previous}
              aria-label="Previous"
              className="grid size-9 place-items-center rounded-full hover:bg-muted focus-visible:outline-2 focus-visible:outline-accent"
            >
              <PreviousIcon />
            </button>
            <button
              type="button"
              onClick={toggle}
              aria-label={playing ? "Pause" : "Play"}
              className="grid size-10 place-items-center rounded-full bg-accent text-white hover:bg-accent-strong focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent"
            >
              {playing ? <PauseIcon /> : <PlayIcon />}
            </button>
            <button
              type="button"
              onClick={next}
              disabled={index >= queue.length - 1}
              aria-label="Next"
              className="grid size-9 place-items-center rounded-full hover:bg-muted focus-visible:outline-2 focus-visible:outline-accent disabled:opacity-40"
            >
              <NextIcon />
            </button>
          </div>
          <span className="hidden w-10 text-right text-xs text-fg-muted tabular-nums sm:block">
            {formatDuration(time)}
          </span>
          <input
            type="range"
            min={0}
            max={duration || 0}
            step={0.1}
            value={Math.min(time, duration || 0)}
            onChange={(e) => {
              if (audio.current) audio.current.currentTime = Number(e.target.value);
            }}
            aria-label="Seek"
            aria-valuetext={`${formatDuration(time)} of ${formatDuration(duration)}`}
            className="min-w-0 flex-1 accent-[var(--color-accent)]"
          />
          <span className="hidden w-10 text-xs text-fg-muted tabular-nums sm:block">
            {formatDuration(duration)}
          </span>
        </div>
      )}
    </div>
  );
}
