"use client";

// The clip page's "Edit and export" area: what the song has (StudioFiles), what can still be
// made from it with each price (only what its provider offers), and the derivative tasks
// running (progress, followed live) or failed (their reasons). A task that ends reloads the
// page's data, so its files appear without a reload by hand.
import { useRouter } from "next/navigation";
import { useActionState, useEffect, useRef, useState } from "react";

import { SubmitButton } from "@/components/ui/button";
import { toast } from "@/components/ui/toast";
import { nextIdempotencyKey } from "@/lib/actions/idempotency";
import type { ActionState } from "@/lib/actions/safe-action";
import {
  makeCoverArtAction,
  makeStemsAction,
  makeVideoAction,
  makeWavAction,
  syncLyricsAction,
} from "@/lib/actions/studio";
import type { ClipStudio } from "@/lib/library/derivatives";
import { useTasks } from "@/lib/swr/use-tasks";
import { OPERATION_LABEL, TASK_STATUS_LABEL } from "@/lib/tasks/shared";
import { isPendingStatus } from "@/lib/tasks/status";
import type { Jsonify } from "@/lib/types/json";

import { StudioFiles } from "./studio-files";
import { StudioTakes } from "./studio-takes";

export type Studio = Jsonify<ClipStudio>;
type Action = (state: ActionState, form: FormData) => Promise<ActionState>;

const credits = (n: number) => `${n} credit${n === 1 ? "" : "s"}`;

function MakeButton({
  action,
  clipId,
  label,
  cost,
  mode,
  form,
}: {
  action: Action;
  clipId: string;
  label: string;
  cost: number;
  mode?: "two" | "full";
  form: string;
}) {
  const router = useRouter();
  const [state, run] = useActionState(action, {});
  const [base] = useState(() => crypto.randomUUID());
  const seen = useRef<ActionState>(state);
  useEffect(() => {
    if (seen.current === state) return;
    seen.current = state;
    if (state.error) toast.error(state.error);
    else if (state.ok && state.message) toast.success(state.message);
    router.refresh();
  }, [state, router]);
  return (
    <form action={run}>
      <input type="hidden" name="clipId" value={clipId} />
      <input type="hidden" name="idempotencyKey" value={nextIdempotencyKey(base, form, state)} />
      {mode && <input type="hidden" name="mode" value={mode} />}
      <SubmitButton variant="secondary" size="sm" pendingLabel="Sending…" className="w-full">
        <span>{label}</span>
        <span className="text-fg-muted tabular-nums">· {credits(cost)}</span>
      </SubmitButton>
    </form>
  );
}

export function StudioPanel({
  clipId,
  title,
  hasCover,
  canMake,
  canManage,
  studio,
}: {
  clipId: string;
  title: string;
  hasCover: boolean;
  canMake: boolean;
  canManage: boolean;
  studio: Studio;
}) {
  const router = useRouter();
  const pendingIds = studio.tasks.filter((t) => isPendingStatus(t.status)).map((t) => t.id);
  const { data } = useTasks(pendingIds);
  const live = new Map((data?.tasks ?? []).map((t) => [t.id, t]));
  const stillRunning = pendingIds.filter((id) =>
    isPendingStatus(live.get(id)?.status ?? "RUNNING"),
  );
  // a task that ended: its files (or its failure) are on the server now
  const ended = pendingIds.length - stillRunning.length;
  useEffect(() => {
    if (ended > 0) router.refresh();
  }, [ended, router]);

  const { offers } = studio;
  const kinds = new Set(studio.assets.map((a) => a.kind));
  const hasStems = [...kinds].some((k) => k.startsWith("stem:"));
  const running = new Set(
    studio.tasks.filter((t) => isPendingStatus(t.status)).map((t) => t.operation),
  );
  const makeable = [
    offers.WAV.offered && !kinds.has("wav") && !running.has("WAV") && (
      <MakeButton
        key="wav"
        form="wav"
        action={makeWavAction}
        clipId={clipId}
        label="WAV"
        cost={offers.WAV.cost}
      />
    ),
    offers.STEMS.offered && !hasStems && !running.has("STEMS") && (
      <MakeButton
        key="stems-two"
        form="s2"
        action={makeStemsAction}
        clipId={clipId}
        mode="two"
        label="Vocals + instrumental"
        cost={offers.STEMS.cost}
      />
    ),
    offers.STEMS.offered && !running.has("STEMS") && !kinds.has("stem:drums") && (
      <MakeButton
        key="stems-full"
        form="s12"
        action={makeStemsAction}
        clipId={clipId}
        mode="full"
        label="Full stem split"
        cost={offers.STEMS.fullCost}
      />
    ),
    offers.VIDEO.offered && !kinds.has("video") && !running.has("VIDEO") && (
      <MakeButton
        key="video"
        form="mv"
        action={makeVideoAction}
        clipId={clipId}
        label="Music video"
        cost={offers.VIDEO.cost}
      />
    ),
    offers.COVER_ART.offered && !running.has("COVER_ART") && (
      <MakeButton
        key="cover"
        form="art"
        action={makeCoverArtAction}
        clipId={clipId}
        label="New cover art"
        cost={offers.COVER_ART.cost}
      />
    ),
    offers.TIMED_LYRICS.offered && !studio.syncedWords && (
      <MakeButton
        key="lrc"
        form="lrc"
        action={syncLyricsAction}
        clipId={clipId}
        label="Synced lyrics"
        cost={offers.TIMED_LYRICS.cost}
      />
    ),
  ].filter(Boolean);
  // each kind's latest task only: an old failure retried since is not news
  const latest = new Map<string, Studio["tasks"][number]>();
  for (const task of studio.tasks) {
    const kind = `${task.operation}:${task.mode ?? ""}`;
    if (!latest.has(kind)) latest.set(kind, task);
  }
  const shown = [...latest.values()].filter(
    (t) => isPendingStatus(t.status) || t.status === "FAILED" || t.status === "TIMED_OUT",
  );

  return (
    <section
      aria-labelledby="studio"
      className="flex flex-col gap-4 rounded-xl border border-line bg-surface p-4"
      data-testid="studio"
    >
      <h2 id="studio" className="text-lg font-semibold">
        Edit and export
      </h2>
      <StudioFiles
        clipId={clipId}
        title={title}
        hasCover={hasCover}
        canManage={canManage}
        studio={studio}
      />
      {shown.length > 0 && (
        <ul aria-label="Being made" className="flex flex-col gap-2">
          {shown.map((task) => {
            const now = live.get(task.id) ?? task;
            const pending = isPendingStatus(now.status);
            const label =
              task.operation === "STEMS"
                ? task.mode === "full"
                  ? "Full stem split"
                  : "Vocals + instrumental"
                : OPERATION_LABEL[task.operation];
            return (
              <li key={task.id} className="flex flex-col gap-1 text-sm" data-testid="studio-task">
                <div className="flex items-center justify-between gap-2">
                  <span className="font-medium">{label}</span>
                  <span className={pending ? "text-fg-muted" : "text-red-700 dark:text-red-300"}>
                    {TASK_STATUS_LABEL[now.status]}
                  </span>
                </div>
                {pending ? (
                  <progress
                    className="h-1.5 w-full accent-[var(--color-accent)]"
                    max={100}
                    value={Math.max(5, now.progress)}
                    aria-label={`${label}: ${TASK_STATUS_LABEL[now.status]}`}
                  />
                ) : (
                  <p className="text-fg-muted">{now.failReason ?? "It did not work out."}</p>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {canMake && makeable.length > 0 && (
        <div className="flex flex-col gap-2">
          <h3 className="text-sm font-medium text-fg-muted">Make from this song</h3>
          <div className="grid grid-cols-1 gap-2 sm:grid-cols-2">{makeable}</div>
        </div>
      )}
      {canMake && <StudioTakes clipId={clipId} studio={studio} />}
    </section>
  );
}
