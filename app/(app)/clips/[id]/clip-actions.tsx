"use client";

// The clip's player (seek by keyboard or by picking a time to extend from) and its owner's
// actions: like, rename and retag, trash or restore, extend from a time, make the whole song.
import { ListPlus } from "lucide-react";
import Link from "next/link";
import {
  useActionState,
  useCallback,
  useEffect,
  useEffectEvent,
  useId,
  useMemo,
  useRef,
  useState,
} from "react";

import { formatDuration } from "@/components/format";
import { PauseIcon, PlayIcon } from "@/components/player/icons";
import { usePlayer } from "@/components/player/player-context";
import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { toast } from "@/components/ui/toast";
import { renameClipAction, restoreClipAction, trashClipAction } from "@/lib/actions/clips";
import { extendClipAction, makeWholeSongAction } from "@/lib/actions/create";
import { nextIdempotencyKey } from "@/lib/actions/idempotency";
import type { ActionState } from "@/lib/actions/safe-action";

let playerTime = 0; // the time the player is at, for "extend from here"
const PICKED = "chorus:picked-time";
/** a comment's time on the page asks the player to seek there (comment-thread.tsx) */
export const SEEK_EVENT = "chorus:seek-clip";

/** A comment shown on the waveform. */
export type WaveMarker = { id: string; at: number; label: string };

/**
 * The clip's waveform and controls. They drive the app's one player (the bar at the bottom) and
 * never play on their own, so the page and the bar can never play at once. A click on the
 * waveform seeks there (starting this song if another was playing) and picks that time for
 * "Extend from"; the slider does the same from the keyboard.
 */
export function ClipPlayer({
  clipId,
  title,
  subtitle,
  hasCover,
  duration,
  markers = [],
}: {
  clipId: string;
  title: string;
  subtitle: string;
  hasCover: boolean;
  duration: number | null;
  /** the song's timestamped comments */
  markers?: WaveMarker[];
}) {
  const player = usePlayer();
  const waveform = useRef<HTMLDivElement>(null);
  const surfer = useRef<{ setTime: (t: number) => void } | null>(null);
  const [waveError, setWaveError] = useState(false);
  const [time, setTime] = useState(0);
  const isCurrent = player.current?.id === clipId;
  const playingHere = isCurrent && player.playing;
  const track = useMemo(
    () => ({
      id: clipId,
      title,
      subtitle,
      src: `/api/media/${clipId}/audio`,
      cover: hasCover ? `/api/media/${clipId}/image` : null,
    }),
    [clipId, title, subtitle, hasCover],
  );
  const { play, seekTo, audio } = player;
  const seekHere = useCallback(
    (seconds: number) => {
      playerTime = seconds;
      setTime(seconds);
      surfer.current?.setTime(seconds);
      if (isCurrent) seekTo(seconds);
      else play(track, undefined, { at: seconds });
    },
    [isCurrent, seekTo, play, track],
  );
  const seekFromWave = useEffectEvent((seconds: number) => {
    seekHere(seconds);
    window.dispatchEvent(new CustomEvent(PICKED, { detail: seconds }));
  });

  // a comment's time, clicked in the thread, seeks this player
  const seekFromComment = useEffectEvent((seconds: number) => seekHere(seconds));
  useEffect(() => {
    const listener = (event: Event) => {
      const detail = (event as CustomEvent<{ clipId: string; at: number }>).detail;
      if (detail?.clipId === clipId) seekFromComment(detail.at);
    };
    window.addEventListener(SEEK_EVENT, listener);
    return () => window.removeEventListener(SEEK_EVENT, listener);
  }, [clipId]);

  // the waveform is drawn from the file; its own media element stays muted and never plays
  useEffect(() => {
    let destroyed = false;
    let instance: { destroy: () => void } | undefined;
    void import("wavesurfer.js").then(({ default: WaveSurfer }) => {
      if (destroyed || !waveform.current) return;
      const css = getComputedStyle(document.documentElement);
      // a detached, muted element of its own: it only feeds the drawing and never plays
      const silent = document.createElement("audio");
      silent.muted = true;
      const created = WaveSurfer.create({
        container: waveform.current,
        media: silent,
        url: `/api/media/${clipId}/audio`,
        height: 72,
        barWidth: 2,
        barGap: 1,
        barRadius: 2,
        waveColor: css.getPropertyValue("--color-line").trim() || "#dedce6",
        progressColor: css.getPropertyValue("--color-accent").trim() || "#6d28d9",
        cursorColor: css.getPropertyValue("--color-fg").trim() || "#17161c",
      });
      created.on("interaction", (seconds) => seekFromWave(seconds));
      // a load given up because the page moved on is not a broken waveform
      created.on("error", (error) => {
        if (!destroyed && (error as { name?: string })?.name !== "AbortError") setWaveError(true);
      });
      created.on("ready", () => waveform.current?.setAttribute("data-ready", "true"));
      instance = created;
      surfer.current = created;
    });
    return () => {
      destroyed = true;
      surfer.current = null;
      instance?.destroy();
    };
  }, [clipId]);

  // while this song is the one playing, the waveform and the slider follow the bar
  useEffect(() => {
    const element = audio.current;
    if (!element || !isCurrent) return;
    const follow = () => {
      playerTime = element.currentTime;
      setTime(element.currentTime);
      surfer.current?.setTime(element.currentTime);
    };
    follow();
    element.addEventListener("timeupdate", follow);
    element.addEventListener("seeked", follow);
    return () => {
      element.removeEventListener("timeupdate", follow);
      element.removeEventListener("seeked", follow);
    };
  }, [audio, isCurrent]);

  const length = duration ?? 0;
  const placed = length > 0 ? markers.filter((m) => m.at <= length) : [];
  return (
    <div className="flex flex-col gap-2">
      <div className="relative">
        {!waveError && (
          <div
            ref={waveform}
            data-testid="waveform"
            aria-hidden="true"
            className="h-[72px] w-full cursor-pointer"
          />
        )}
        {placed.length > 0 && (
          <ul aria-label="Comments on the waveform" className="h-0">
            {placed.map((marker) => (
              <li
                key={marker.id}
                className="absolute -bottom-2 -translate-x-1/2"
                style={{ left: `${(marker.at / length) * 100}%` }}
              >
                <button
                  type="button"
                  data-testid="comment-marker"
                  onClick={() => seekHere(marker.at)}
                  aria-label={`Comment at ${formatDuration(marker.at)}: ${marker.label}`}
                  title={`${formatDuration(marker.at)} ${marker.label}`}
                  className="block size-3.5 rounded-full border-2 border-surface bg-accent shadow hover:scale-125 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent"
                />
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="flex items-center gap-2">
        <button
          type="button"
          onClick={() => (isCurrent ? player.toggle() : play(track, undefined, { at: time }))}
          aria-label={`${playingHere ? "Pause" : "Play"} ${title || "this song"}`}
          className="grid size-11 shrink-0 place-items-center rounded-full bg-accent text-white hover:bg-accent-strong focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent"
        >
          {playingHere ? <PauseIcon /> : <PlayIcon />}
        </button>
        <span className="w-10 text-right text-xs text-fg-muted tabular-nums">
          {formatDuration(time)}
        </span>
        <input
          type="range"
          min={0}
          max={length}
          step={0.1}
          value={Math.min(time, length)}
          onChange={(e) => seekHere(Number(e.target.value))}
          aria-label={`Position in ${title || "this song"}`}
          aria-valuetext={`${formatDuration(time)} of ${formatDuration(length)}`}
          className="h-11 min-w-0 flex-1 cursor-pointer accent-[var(--color-accent)]"
        />
        <span className="w-10 text-xs text-fg-muted tabular-nums">{formatDuration(length)}</span>
        <button
          type="button"
          onClick={() => {
            player.enqueue(track);
            toast.success(`${title || "This song"} is in the queue`);
          }}
          // an icon, so the seek slider keeps room in the cover's narrow column
          aria-label="Add to queue"
          title="Add to queue"
          className="grid size-11 shrink-0 place-items-center rounded-lg border border-line hover:bg-muted focus-visible:outline-2 focus-visible:outline-accent"
        >
          <ListPlus className="size-5" aria-hidden="true" />
        </button>
      </div>
    </div>
  );
}

type Clip = {
  teamId: string | null;
  canManage: boolean;
  canContinue: boolean;
  id: string;
  title: string;
  tags: string;
  trashed: boolean;
  complete: boolean;
  duration: number | null;
  model: string | null;
  isExtension: boolean;
  /** what the song's provider can do (client.offerings()): offered, or why not */
  offers?: { EXTEND: Offer; CONCAT: Offer };
  /** the workspace's voices (made from its songs), to extend with one */
  voices?: { id: string; name: string }[];
};
type Offer = { offered: boolean; reason: string | null };

/** Why a button is disabled, said under it. */
function NotOffered({ id, offer }: { id: string; offer?: Offer }) {
  if (!offer || offer.offered) return null;
  return (
    <p id={id} className="text-sm text-fg-muted">
      {offer.reason}
    </p>
  );
}

function Message({ state }: { state: ActionState }) {
  if (state.error) return <Alert>{state.error}</Alert>;
  if (state.ok && state.message) return <Alert tone="success">{state.message}</Alert>;
  return null;
}

export function ClipActions({ clip }: { clip: Clip }) {
  const [trashState, trash] = useActionState(
    clip.trashed ? restoreClipAction : trashClipAction,
    {},
  );
  const [renameState, rename] = useActionState(renameClipAction, {});
  return (
    <section
      aria-label={clip.canManage ? "Change this song" : "Build on this song"}
      className="flex flex-col gap-4 rounded-xl border border-line bg-surface p-4"
    >
      {clip.canManage && (
        <>
          <div className="flex flex-wrap gap-2">
            <form action={trash}>
              <input type="hidden" name="clipId" value={clip.id} />
              <SubmitButton variant="secondary" size="sm">
                {clip.trashed ? "Restore" : "Move to trash"}
              </SubmitButton>
            </form>
          </div>
          <Message state={trashState} />

          <form action={rename} className="grid gap-3 sm:grid-cols-[1fr_2fr_auto] sm:items-end">
            <input type="hidden" name="clipId" value={clip.id} />
            <Field label="Title" error={renameState.fieldErrors?.title}>
              {(c) => (
                <Input
                  {...c}
                  name="title"
                  defaultValue={renameState.values?.title ?? clip.title}
                  maxLength={80}
                />
              )}
            </Field>
            <Field label="Style tags" error={renameState.fieldErrors?.tags}>
              {(c) => (
                <Input {...c} name="tags" defaultValue={renameState.values?.tags ?? clip.tags} />
              )}
            </Field>
            <SubmitButton variant="secondary">Save</SubmitButton>
          </form>
          <Message state={renameState} />
        </>
      )}

      {clip.complete && !clip.trashed && clip.canContinue && <Continue clip={clip} />}
    </section>
  );
}

function Continue({ clip }: { clip: Clip }) {
  const [extendState, extend] = useActionState(extendClipAction, {});
  const [wholeState, whole] = useActionState(makeWholeSongAction, {});
  // each accepted submit makes a task; the next submit is a new request with a new key
  const [base] = useState(() => crypto.randomUUID());
  const extendKey = nextIdempotencyKey(base, "e", extendState);
  const wholeKey = nextIdempotencyKey(base, "w", wholeState);
  const [at, setAt] = useState(() => String(Math.floor((clip.duration ?? 0) * 0.8)));
  const timeRef = useRef<HTMLInputElement>(null);
  const id = useId();
  useEffect(() => {
    const onPicked = (event: Event) => setAt((event as CustomEvent<number>).detail.toFixed(1));
    window.addEventListener(PICKED, onPicked);
    return () => window.removeEventListener(PICKED, onPicked);
  }, []);
  return (
    <div className="flex flex-col gap-3 border-t border-line pt-4">
      <h2 className="font-semibold">Keep going</h2>
      <form action={extend} className="flex flex-col gap-3" noValidate>
        <input type="hidden" name="idempotencyKey" value={extendKey} />
        <input type="hidden" name="clipId" value={clip.id} />
        <input type="hidden" name="teamId" value={clip.teamId ?? ""} />
        {clip.model && <input type="hidden" name="model" value={clip.model} />}
        <div className="flex items-end gap-2">
          <Field
            label="Extend from (seconds)"
            hint={
              clip.duration
                ? `0 to ${Math.floor(clip.duration)} (${formatDuration(clip.duration)}), ` +
                  "or click the waveform"
                : undefined
            }
            error={extendState.fieldErrors?.continueAt}
          >
            {(c) => (
              <Input
                {...c}
                ref={timeRef}
                name="continueAt"
                type="number"
                min={0}
                max={clip.duration ?? undefined}
                step="0.1"
                value={at}
                onChange={(e) => setAt(e.target.value)}
                className="w-32"
              />
            )}
          </Field>
          <button
            type="button"
            className="mb-1 text-sm font-medium text-link underline-offset-4 hover:underline"
            onClick={() => (setAt(playerTime.toFixed(1)), timeRef.current?.focus())}
            aria-describedby={`${id}-hint`}
          >
            Use the player&apos;s time
          </button>
          <span id={`${id}-hint`} className="sr-only">
            Sets the time to where the player is now
          </span>
        </div>
        <Field
          label="Lyrics for the continuation (optional)"
          error={extendState.fieldErrors?.lyrics}
        >
          {(c) => <Textarea {...c} name="lyrics" rows={3} />}
        </Field>
        <input type="hidden" name="tags" value={clip.tags} />
        {clip.voices && clip.voices.length > 0 && (
          <Field label="Sing with a voice" error={extendState.fieldErrors?.voiceId}>
            {(c) => (
              <select
                {...c}
                name="voiceId"
                defaultValue=""
                className="min-h-11 rounded-lg border border-line bg-surface px-3 text-sm"
              >
                <option value="">The song&apos;s own</option>
                {clip.voices!.map((voice) => (
                  <option key={voice.id} value={voice.id}>
                    {voice.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        <SubmitButton
          variant="secondary"
          pendingLabel="Sending…"
          disabled={clip.offers?.EXTEND.offered === false}
          aria-describedby={clip.offers?.EXTEND.offered === false ? `${id}-no-extend` : undefined}
        >
          Extend from here
        </SubmitButton>
        <NotOffered id={`${id}-no-extend`} offer={clip.offers?.EXTEND} />
      </form>
      <Message state={extendState} />
      {clip.isExtension && (
        <form action={whole}>
          <input type="hidden" name="idempotencyKey" value={wholeKey} />
          <input type="hidden" name="clipId" value={clip.id} />
          <input type="hidden" name="teamId" value={clip.teamId ?? ""} />
          <SubmitButton
            variant="secondary"
            pendingLabel="Sending…"
            disabled={clip.offers?.CONCAT.offered === false}
            aria-describedby={clip.offers?.CONCAT.offered === false ? `${id}-no-whole` : undefined}
          >
            Make the whole song
          </SubmitButton>
          <NotOffered id={`${id}-no-whole`} offer={clip.offers?.CONCAT} />
        </form>
      )}
      <Message state={wholeState} />
      {(extendState.ok || wholeState.ok) && (
        <Link
          href="/create"
          className="text-sm font-medium text-link underline-offset-4 hover:underline"
        >
          Follow it on the Create page
        </Link>
      )}
    </div>
  );
}
