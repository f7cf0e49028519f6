"use client";

// The player bar at the bottom of every signed-in page, holding the app's only music <audio>:
// what is playing, previous / play / next, a seek slider with a finger-sized target, and on
// wider screens shuffle, repeat, volume, speed and the queue. On a phone it is a mini bar that
// opens the full-screen now-playing view.
import dynamic from "next/dynamic";
import { useState } from "react";

import { formatDuration } from "@/components/format";
import { AddToPlaylistButton } from "@/components/playlists/add-to-playlist-button";
import { cn } from "@/lib/cn";

import {
  ExpandIcon,
  NextIcon,
  PauseIcon,
  PlayIcon,
  PreviousIcon,
  QueueIcon,
  RepeatIcon,
  ShuffleIcon,
  VolumeIcon,
} from "./icons";
import { usePlayer } from "./player-context";
import { QueuePanel } from "./queue-panel";
import { ShortcutsDialog } from "./shortcuts-dialog";
import { RATES } from "./storage";

// the full view (with the synced-lyrics view in it) loads when it is first opened
const NowPlaying = dynamic(() => import("./now-playing").then((m) => m.NowPlaying), {
  ssr: false,
});

const round =
  "grid size-11 shrink-0 place-items-center rounded-full hover:bg-muted " +
  "focus-visible:outline-2 focus-visible:outline-accent disabled:opacity-40";
const REPEAT_LABEL = { off: "Repeat: off", all: "Repeat: all", one: "Repeat: this song" } as const;

export function PlayerBar() {
  const player = usePlayer();
  const { current, playing, audio, queue, index, volume, muted, shuffle, repeat } = player;
  const [time, setTime] = useState(0);
  const [duration, setDuration] = useState(0);
  const [queueOpen, setQueueOpen] = useState(false);
  const [expanded, setExpanded] = useState(false);
  const position = { time, duration };

  return (
    <div
      className={
        current
          ? "fixed inset-x-0 bottom-0 z-40 border-t border-line bg-surface/95 backdrop-blur"
          : "hidden"
      }
      role="region"
      aria-label="Player"
      id="player"
      tabIndex={-1}
    >
      {/* eslint-disable-next-line jsx-a11y/media-has-caption -- music: the lyrics are on the page; a captions track needs synced lyrics */}
      <audio
        ref={audio}
        src={current?.src}
        preload="auto"
        onEmptied={() => (setTime(0), setDuration(0))}
        onTimeUpdate={(e) => setTime(e.currentTarget.currentTime)}
        onLoadedMetadata={(e) => setDuration(e.currentTarget.duration)}
        onEnded={player.ended}
        // a song that ends pauses first; the queue decides what happens next, not the pause
        onPause={(e) => !e.currentTarget.ended && player.setPlaying(false)}
        onPlay={() => player.setPlaying(true)}
      />
      {current && (
        <>
          <div className="flex items-center gap-2 px-3 pt-1 text-xs text-fg-muted tabular-nums sm:hidden">
            <span className="w-9">{formatDuration(time)}</span>
            <SeekSlider {...position} className="min-w-0 flex-1" />
            <span className="w-9 text-right">{formatDuration(duration)}</span>
          </div>
          <div className="mx-auto flex max-w-6xl items-center gap-2 px-3 py-2 sm:gap-3 sm:px-6">
            <button
              type="button"
              onClick={() => setExpanded(true)}
              className="flex min-w-0 flex-1 items-center gap-3 rounded-lg text-left focus-visible:outline-2 focus-visible:outline-accent sm:w-56 sm:flex-none"
              aria-label={`Open ${current.title || "the song"} in full view`}
            >
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
              <span className="min-w-0">
                <span className="block truncate text-sm font-medium" aria-live="polite">
                  {current.title || "Untitled"}
                </span>
                <span className="block truncate text-xs text-fg-muted">
                  {current.subtitle ?? ""}
                  {queue.length > 1 ? ` · ${index + 1} of ${queue.length}` : ""}
                </span>
              </span>
              <span className="ml-auto text-fg-muted sm:hidden" aria-hidden="true">
                <ExpandIcon />
              </span>
            </button>
            <div className="flex items-center gap-0.5">
              <button
                type="button"
                onClick={player.toggleShuffle}
                aria-label="Shuffle"
                aria-pressed={shuffle}
                className={cn(round, "hidden md:grid", shuffle && "text-accent")}
              >
                <ShuffleIcon />
              </button>
              <button
                type="button"
                onClick={player.previous}
                aria-label="Previous"
                className={cn(round, "hidden sm:grid")}
              >
                <PreviousIcon />
              </button>
              <button
                type="button"
                onClick={player.toggle}
                aria-label={playing ? "Pause" : "Play"}
                className="grid size-11 shrink-0 place-items-center rounded-full bg-accent text-white hover:bg-accent-strong focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent"
              >
                {playing ? <PauseIcon /> : <PlayIcon />}
              </button>
              <button
                type="button"
                onClick={player.next}
                disabled={index >= queue.length - 1 && repeat !== "all"}
                aria-label="Next"
                className={round}
              >
                <NextIcon />
              </button>
              <button
                type="button"
                onClick={player.cycleRepeat}
                aria-label={REPEAT_LABEL[repeat]}
                aria-pressed={repeat !== "off"}
                className={cn(round, "hidden md:grid", repeat !== "off" && "text-accent")}
              >
                <RepeatIcon one={repeat === "one"} />
              </button>
            </div>
            <span className="hidden w-10 text-right text-xs text-fg-muted tabular-nums sm:block">
              {formatDuration(time)}
            </span>
            <SeekSlider {...position} className="hidden min-w-0 flex-1 sm:block" />
            <span className="hidden w-10 text-xs text-fg-muted tabular-nums sm:block">
              {formatDuration(duration)}
            </span>
            <div className="hidden items-center lg:flex">
              <button
                type="button"
                onClick={player.toggleMute}
                aria-label={muted ? "Unmute" : "Mute"}
                aria-pressed={muted}
                className={round}
              >
                <VolumeIcon muted={muted || volume === 0} />
              </button>
              <input
                type="range"
                min={0}
                max={1}
                step={0.05}
                value={muted ? 0 : volume}
                onChange={(e) => player.setVolume(Number(e.target.value))}
                aria-label="Volume"
                aria-valuetext={`${Math.round((muted ? 0 : volume) * 100)}%`}
                className="h-11 w-24 cursor-pointer accent-[var(--color-accent)]"
              />
              <SpeedSelect className="ml-1" />
            </div>
            {current.src === `/api/media/${current.id}/audio` && (
              // a library song (not a stem or a shared link's): it may go into a playlist
              <AddToPlaylistButton
                clipId={current.id}
                name={current.title || "this song"}
                className={cn(round, "hidden sm:grid")}
              />
            )}
            <button
              type="button"
              onClick={() => setQueueOpen(true)}
              aria-label={`Queue, ${queue.length} ${queue.length === 1 ? "song" : "songs"}`}
              aria-haspopup="dialog"
              className={cn(round, "hidden sm:grid")}
            >
              <QueueIcon />
            </button>
          </div>
        </>
      )}
      <QueuePanel open={queueOpen} onClose={() => setQueueOpen(false)} />
      {expanded && (
        <NowPlaying
          open={expanded}
          onClose={() => setExpanded(false)}
          time={time}
          duration={duration}
        />
      )}
      <ShortcutsDialog />
    </div>
  );
}

/** Playback speed, kept with the other settings ("<" and ">" step it too). */
export function SpeedSelect({ className }: { className?: string }) {
  const { rate, setRate } = usePlayer();
  return (
    <select
      aria-label="Playback speed"
      value={String(rate)}
      onChange={(e) => setRate(Number(e.target.value))}
      className={cn(
        "select-chevron h-11 w-[4.5rem] shrink-0 cursor-pointer appearance-none rounded-lg border",
        "border-line bg-surface bg-[right_0.4rem_center] bg-no-repeat pr-6 pl-2 text-xs text-fg",
        "tabular-nums focus-visible:outline-2 focus-visible:outline-accent",
        className,
      )}
    >
      {RATES.map((r) => (
        <option key={r} value={String(r)}>
          {r}×
        </option>
      ))}
    </select>
  );
}

/** The seek slider: a 44 px tall hit area around a thin visible track. */
export function SeekSlider({
  time,
  duration,
  className,
}: {
  time: number;
  duration: number;
  className?: string;
}) {
  const { seekTo } = usePlayer();
  return (
    <input
      type="range"
      min={0}
      max={duration || 0}
      step={0.1}
      value={Math.min(time, duration || 0)}
      onChange={(e) => seekTo(Number(e.target.value))}
      aria-label="Seek"
      aria-valuetext={`${formatDuration(time)} of ${formatDuration(duration)}`}
      className={cn("h-11 cursor-pointer accent-[var(--color-accent)]", className)}
    />
  );
}
