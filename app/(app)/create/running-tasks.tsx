"use client";

// The workspace's latest requests, live through SWR: status, progress, elapsed time, both takes
// as they stream (playable while streaming when upstream gives a stream URL), failures in plain
// words, and the way back to the form: "Reuse prompt", "Remix" (extend a take), "Try again".
import { Repeat2, RotateCcw, SquarePen } from "lucide-react";
import type { Route } from "next";
import Link from "next/link";
import { useActionState, useEffect, useRef, useState } from "react";

import { formatDuration } from "@/components/format";
import { PauseIcon, PlayIcon } from "@/components/player/icons";
import { usePlayer, type Track } from "@/components/player/player-context";
import { Alert } from "@/components/ui/alert";
import { retryArchiveAction } from "@/lib/actions/clips";
import { useTasks, type LiveClip, type LiveTask } from "@/lib/swr/use-tasks";
import { ARRIVED_LATE_NOTE, taskTitle } from "@/lib/tasks/shared";
import { isPendingStatus } from "@/lib/tasks/status";

const STATUS: Record<string, string> = {
  SUBMITTING: "Sending…",
  SUBMITTED: "Waiting in line",
  QUEUED: "Queued",
  RUNNING: "Making your song",
  SUCCEEDED: "Ready",
  FAILED: "Failed",
  TIMED_OUT: "Timed out",
};

function useNow(active: boolean) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

type Actions = {
  onReuse: (task: LiveTask) => void;
  onRemix: (clip: LiveClip) => void;
  onRetry: (task: LiveTask) => void;
};

const LINK =
  "inline-flex min-h-9 items-center gap-1.5 rounded-full border border-line px-3 text-xs " +
  "font-medium hover:bg-muted focus-visible:outline-2 focus-visible:outline-accent";

export function RunningTasks({
  taskIds,
  newest,
  ...actions
}: { taskIds: string[]; newest: string | null } & Actions) {
  const { data, error } = useTasks(taskIds);
  const tasks = data?.tasks ?? [];
  const now = useNow(tasks.some((t) => isPendingStatus(t.status)));
  if (taskIds.length === 0)
    return (
      <p className="text-sm text-fg-muted">
        Songs you ask for appear here while they are being made.
      </p>
    );
  return (
    <div className="flex flex-col gap-3">
      {error && <Alert>We could not refresh your songs: {error.message}. Retrying…</Alert>}
      <ul className="flex flex-col gap-3" aria-label="Your latest requests">
        {tasks.map((task) => (
          <TaskCard
            key={task.id}
            task={task}
            now={now}
            isNewest={task.id === newest}
            {...actions}
          />
        ))}
      </ul>
    </div>
  );
}

function TaskCard({
  task,
  now,
  isNewest,
  onReuse,
  onRemix,
  onRetry,
}: { task: LiveTask; now: number; isNewest: boolean } & Actions) {
  const pending = isPendingStatus(task.status);
  const card = useRef<HTMLLIElement>(null);
  // on a phone the list is below the form: a new request's card is brought into view
  useEffect(() => {
    if (isNewest && window.matchMedia("(max-width: 1023px)").matches)
      card.current?.scrollIntoView({ block: "center", behavior: "smooth" });
  }, [isNewest]);
  const end = task.finishedAt ? Date.parse(task.finishedAt) : now;
  const elapsed = Math.max(0, Math.round((end - Date.parse(task.createdAt)) / 1000));
  const refund = task.ledgerEntries.reduce((sum, entry) => sum + entry.amount, 0);
  const title = taskTitle(task);
  const failed = task.status === "FAILED" || task.status === "TIMED_OUT";
  // a provider that reports in stages has the words before any take is finished
  const earlyLyrics =
    pending && !task.clips.some((c) => c.status === "COMPLETE")
      ? task.clips.find((c) => c.lyrics)?.lyrics
      : null;
  return (
    <li
      ref={card}
      className="scroll-mt-20 rounded-xl border border-line bg-surface p-4"
      aria-busy={pending}
    >
      <div className="flex items-baseline justify-between gap-3">
        <p className="truncate font-medium">{title}</p>
        <p className="shrink-0 text-xs text-fg-muted">
          <span role="status">{STATUS[task.status] ?? task.status}</span> ·{" "}
          {formatDuration(elapsed)}
        </p>
      </div>
      {pending && (
        <div
          role="progressbar"
          aria-label="Progress"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={task.progress}
          className="mt-2 h-1.5 overflow-hidden rounded-full bg-muted"
        >
          <div
            className={
              task.progress > 0
                ? "h-full bg-accent transition-all"
                : "h-full w-1/3 animate-pulse bg-accent/60"
            }
            style={task.progress > 0 ? { width: `${task.progress}%` } : undefined}
          />
        </div>
      )}
      {(task.status === "FAILED" || task.status === "TIMED_OUT") && (
        <div className="mt-2 flex flex-col gap-2">
          <Alert>
            {task.failReason ?? "This song could not be made."}
            {refund > 0 && <span className="block">{refund} credits were returned to you.</span>}
            {task.arrivedLateAt && <span className="block">{ARRIVED_LATE_NOTE}</span>}
          </Alert>
        </div>
      )}
      {task.operation !== "CONCAT" && (
        <div className="mt-2 flex flex-wrap gap-2">
          {failed && (
            <button
              type="button"
              onClick={() => onRetry(task)}
              className={`${LINK} border-accent text-accent`}
            >
              <RotateCcw className="size-3.5" aria-hidden="true" />
              Try again
            </button>
          )}
          <button
            type="button"
            onClick={() => onReuse(task)}
            className={LINK}
            aria-label={`Reuse prompt: ${title}`}
          >
            <SquarePen className="size-3.5" aria-hidden="true" />
            Reuse prompt
          </button>
        </div>
      )}
      {task.lyrics?.text && (
        <pre className="mt-2 max-h-40 overflow-auto text-sm whitespace-pre-wrap text-fg-muted">
          {task.lyrics.text}
        </pre>
      )}
      {earlyLyrics && (
        <section aria-label="Lyrics" className="mt-2">
          <p className="text-xs font-medium text-fg-muted">
            The lyrics are written; the music is on its way.
          </p>
          <pre className="mt-1 max-h-40 overflow-auto text-sm whitespace-pre-wrap text-fg-muted">
            {earlyLyrics}
          </pre>
        </section>
      )}
      {task.clips.length > 0 && (
        <ul className="mt-3 grid gap-3 sm:grid-cols-2">
          {task.clips.map((clip, index) => {
            // finished takes play from Chorus's own copy (which falls back to upstream until it
            // exists)
            const complete = clip.status === "COMPLETE";
            const src = complete ? `/api/media/${clip.id}/audio` : clip.streamAudioUrl;
            const cover = complete && clip.imageUrl ? `/api/media/${clip.id}/image` : clip.imageUrl;
            return (
              <li key={clip.id} className="flex gap-3 rounded-lg bg-muted p-2">
                {cover ? (
                  // eslint-disable-next-line @next/next/no-img-element -- covers, sized to avoid layout shift
                  <img
                    src={cover}
                    alt=""
                    width={56}
                    height={56}
                    className="size-14 shrink-0 rounded-md object-cover"
                  />
                ) : (
                  <div
                    aria-hidden="true"
                    className="size-14 shrink-0 animate-pulse rounded-md bg-line"
                  />
                )}
                <div className="flex min-w-0 flex-1 flex-col gap-1">
                  <p className="text-xs text-fg-muted">
                    {complete ? (
                      <Link
                        href={`/clips/${clip.id}` as Route}
                        className="font-medium text-link underline-offset-4 hover:underline"
                      >
                        Take {index + 1}
                      </Link>
                    ) : (
                      `Take ${index + 1}`
                    )}{" "}
                    · {complete ? formatDuration(clip.duration) : clip.status.toLowerCase()}
                  </p>
                  {src ? (
                    <TakePlayButton
                      track={{
                        id: clip.id,
                        title: clip.title || `Take ${index + 1}`,
                        subtitle: clip.tags,
                        src,
                        cover,
                      }}
                      label={`take ${index + 1} of ${clip.title || "the song"}`}
                      streaming={!complete}
                    />
                  ) : (
                    <p className="text-xs text-fg-muted">
                      Audio appears as soon as it starts streaming.
                    </p>
                  )}
                  {clip.errorMessage && <p className="text-xs text-danger">{clip.errorMessage}</p>}
                  {complete && <ArchiveState clip={clip} />}
                  {complete && (
                    <button
                      type="button"
                      onClick={() => onRemix(clip)}
                      className={`${LINK} self-start`}
                      aria-label={`Remix take ${index + 1} of ${title}`}
                    >
                      <Repeat2 className="size-3.5" aria-hidden="true" />
                      Remix
                    </button>
                  )}
                </div>
              </li>
            );
          })}
        </ul>
      )}
      {task.status === "SUCCEEDED" && task.clips.length > 0 && (
        <Link
          href="/library"
          className="mt-3 inline-block text-sm font-medium text-link underline-offset-4 hover:underline"
        >
          In your library
        </Link>
      )}
    </li>
  );
}

/** Whether Chorus holds its own copy yet, downloads, and a retry for the owner after a failure. */
function ArchiveState({ clip }: { clip: LiveClip }) {
  const [state, retry] = useActionState(retryArchiveAction, {});
  const status = state.ok ? "ARCHIVED" : clip.archiveStatus;
  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-fg-muted">
      {status === "ARCHIVED" && <span>Saved by Chorus</span>}
      {(status === "PENDING" || status === "ARCHIVING") && <span>Saving a copy…</span>}
      {status === "FAILED" && (
        <form action={retry} className="flex items-center gap-2">
          <input type="hidden" name="clipId" value={clip.id} />
          <span className="text-danger">
            Copy failed{clip.archiveError ? `: ${clip.archiveError}` : ""}
          </span>
          <button
            type="submit"
            className="font-medium text-link underline-offset-4 hover:underline"
          >
            Retry
          </button>
        </form>
      )}
      {state.error && <span className="text-danger">{state.error}</span>}
      <a
        href={`/api/media/${clip.id}/audio?download`}
        className="text-link underline-offset-4 hover:underline"
      >
        Download audio
      </a>
      {clip.imageUrl && (
        <a
          href={`/api/media/${clip.id}/image-large?download`}
          className="text-link underline-offset-4 hover:underline"
        >
          Cover
        </a>
      )}
    </div>
  );
}

/** A take plays in the app's one player (the bar), never on its own. */
function TakePlayButton({
  track,
  label,
  streaming,
}: {
  track: Track;
  label: string;
  streaming: boolean;
}) {
  const player = usePlayer();
  const isCurrent = player.current?.id === track.id && player.current.src === track.src;
  const playingHere = isCurrent && player.playing;
  return (
    <button
      type="button"
      onClick={() => (isCurrent ? player.toggle() : player.play(track))}
      aria-label={`${playingHere ? "Pause" : "Play"} ${label}`}
      className="flex min-h-11 items-center gap-2 self-start rounded-full bg-accent px-4 text-sm font-medium text-white hover:bg-accent-strong focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent"
    >
      {playingHere ? <PauseIcon /> : <PlayIcon />}
      {playingHere ? "Pause" : streaming ? "Listen as it streams" : "Play"}
    </button>
  );
}
