"use client";

// The request form for every way of making a song. It holds nothing itself: the draft lives in
// the studio, so what was typed stays after a submit and across tabs, and "Reuse prompt",
// "Remix" and "Try again" can fill it. Advanced options sit behind a disclosure and show only
// the controls every configured provider takes.
import { X } from "lucide-react";
import { useActionState, useContext, useState, type RefObject } from "react";

import { formatDuration } from "@/components/format";
import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import {
  createFromDescriptionAction,
  createInstrumentalAction,
  createSongAction,
  extendClipAction,
  uploadAudioAction,
} from "@/lib/actions/create";
import type { ActionState } from "@/lib/actions/safe-action";
import type { StyleFeatures } from "@/lib/suno/features";
import type { ModelId } from "@/lib/suno/types";

import { AdvancedOptions } from "./advanced-options";
import type { Draft, Mode } from "./draft";
import { Counter, LyricsField, ModelField, StyleField, TitleField } from "./song-fields";
import { VoiceSelect } from "./voices";
import { WorkspaceContext } from "./workspace-context";

const ACTIONS: Record<Mode, (state: ActionState, form: FormData) => Promise<ActionState>> = {
  song: createSongAction,
  instrumental: createInstrumentalAction,
  describe: createFromDescriptionAction,
  upload: uploadAudioAction,
  extend: extendClipAction,
};

const newKey = () => crypto.randomUUID();
/** A model the page offers: from the server's catalogue (the operator's overrides included). */
export type OfferedModel = {
  id: ModelId;
  label: string;
  description: string;
  /** the catalogue's limits for this model on the provider it runs on */
  limits: { lyrics: number; tags: number; title: number; description: number; maxSeconds: number };
};
const minutes = (seconds: number) => `${Math.round((seconds / 60) * 10) / 10} min`;

export { Counter };

type Props = {
  draft: Draft;
  change: (fields: Partial<Draft>) => void;
  onSubmitted: (taskId: string) => void;
  models: OfferedModel[];
  features: StyleFeatures;
  formRef: RefObject<HTMLFormElement | null>;
  /** counts the times the form was filled from elsewhere ("Reuse prompt", "Remix", "Try again") */
  fill: number;
};

export function GenerationForm({
  draft,
  change,
  onSubmitted,
  models,
  features,
  formRef,
  fill,
}: Props) {
  const { mode } = draft;
  const [idempotencyKey, setIdempotencyKey] = useState(newKey);
  // the answer to the last submit was about what the form held then: a refill drops it
  const [stale, setStale] = useState(false);
  const [seenFill, setSeenFill] = useState(fill);
  if (fill !== seenFill) {
    setSeenFill(fill);
    setStale(true);
  }
  // What follows an accepted request happens when the action answers, not in an effect.
  const [state, formAction] = useActionState<ActionState, FormData>(async (previous, form) => {
    const result = await ACTIONS[mode](previous, form);
    setStale(false);
    const taskId = result.data?.taskId;
    if (typeof taskId === "string") {
      onSubmitted(taskId);
      setIdempotencyKey(newKey()); // the next submit is a new request; the fields stay
    }
    return result;
  }, {});
  const answer: ActionState = stale ? {} : state;
  const limits = (models.find((m) => m.id === draft.model) ?? models[0]!).limits;
  const field = (key: keyof Draft) => (e: { target: { value: string } }) =>
    change({ [key]: e.target.value });
  const errors = answer.fieldErrors ?? {};
  const hasStyle = mode === "song" || mode === "instrumental";
  const advanced =
    hasStyle &&
    (features.negativeTags || features.weights || (mode === "song" && features.vocalGender));

  return (
    <form ref={formRef} action={formAction} className="flex flex-col gap-4" noValidate>
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      <input type="hidden" name="teamId" value={useContext(WorkspaceContext).teamId} />
      {answer.error && <Alert>{answer.error}</Alert>}
      {answer.ok && answer.message && <Alert tone="success">{answer.message}</Alert>}
      {mode === "extend" && draft.source && (
        <div className="flex items-center gap-3 rounded-xl border border-line bg-muted p-3 text-sm">
          <input type="hidden" name="clipId" value={draft.source.id} />
          <p className="min-w-0 flex-1">
            Continuing <strong className="font-medium">{draft.source.title || "Untitled"}</strong>
            {draft.source.duration ? ` (${formatDuration(draft.source.duration)})` : ""}, in its own
            model.
          </p>
          <button
            type="button"
            onClick={() => change({ mode: "song", source: null })}
            aria-label="Stop extending this song"
            className="inline-flex size-10 items-center justify-center rounded-full hover:bg-surface"
          >
            <X className="size-4" aria-hidden="true" />
          </button>
        </div>
      )}
      {mode !== "upload" && mode !== "extend" && (
        <ModelField
          hint={`Lyrics up to ${limits.lyrics.toLocaleString("en")} characters, style up to ${limits.tags}.`}
          error={errors.model}
          value={draft.model}
          onChange={field("model")}
          options={models.map((m) => ({
            value: m.id,
            label: `${m.label} · up to ${minutes(m.limits.maxSeconds)}`,
          }))}
        />
      )}
      {mode === "upload" ? (
        <Field
          label="Link to the audio file"
          hint="The music service copies the recording from this link; it becomes a clip you can extend."
          error={errors.url}
        >
          {(control) => (
            <Input
              {...control}
              name="url"
              type="url"
              value={draft.url}
              onChange={field("url")}
              placeholder="https://example.com/my-recording.mp3"
            />
          )}
        </Field>
      ) : mode === "describe" ? (
        <>
          <Field
            label="Describe the song"
            aside={<Counter value={draft.description} max={limits.description} />}
            error={errors.description}
          >
            {(control) => (
              <Textarea
                {...control}
                name="description"
                rows={4}
                value={draft.description}
                onChange={field("description")}
                placeholder="A calm lo-fi beat for a rainy study night"
              />
            )}
          </Field>
          <label className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              name="instrumental"
              checked={draft.instrumental}
              onChange={(e) => change({ instrumental: e.target.checked })}
              className="size-4 accent-[var(--color-accent)]"
            />{" "}
            Instrumental (no vocals)
          </label>
        </>
      ) : (
        <>
          {mode === "extend" && (
            <Field
              label="Continue from (seconds)"
              hint="Where the new part starts; the end of the song unless you choose."
              error={errors.continueAt}
            >
              {(control) => (
                <Input
                  {...control}
                  name="continueAt"
                  type="number"
                  min={0}
                  inputMode="numeric"
                  value={draft.continueAt}
                  onChange={field("continueAt")}
                  className="w-32"
                />
              )}
            </Field>
          )}
          {(mode === "song" || mode === "extend") && (
            <LyricsField
              value={draft.lyrics}
              onChange={field("lyrics")}
              max={limits.lyrics}
              hint={
                mode === "extend"
                  ? "Lyrics for the new part; leave empty for an instrumental continuation."
                  : "Use [Verse], [Chorus] and [Bridge] to shape the song."
              }
              error={errors.lyrics}
              rows={mode === "extend" ? 6 : 10}
            />
          )}
          <StyleField
            value={draft.tags}
            onChange={field("tags")}
            max={limits.tags}
            error={errors.tags}
          />
          <TitleField
            value={draft.title}
            onChange={field("title")}
            max={limits.title}
            error={errors.title}
          />
        </>
      )}
      {advanced && (
        <AdvancedOptions draft={draft} field={field} features={features} errors={errors} />
      )}
      {(mode === "song" || mode === "describe" || mode === "extend") && (
        <VoiceSelect error={errors.voiceId} />
      )}
      <SubmitButton size="lg" pendingLabel="Sending…">
        {mode === "extend" ? "Extend" : "Create"}
      </SubmitButton>
    </form>
  );
}
