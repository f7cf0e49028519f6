"use client";

// "Use my own audio": a recording from a file or a link, then a cover or an extension of it.
// Where the provider has a file host (sunoapi-org) the recording is uploaded first (size and
// type checked here and again on the server, links fetched by the server), then named by its
// upload id. A relay provider takes a link only and makes a clip of it, to extend later; what
// a provider cannot do is shown, disabled, with the reason.
import { useActionState, useId, useState, type FormEvent } from "react";

import { Alert } from "@/components/ui/alert";
import { Button, SubmitButton } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { coverUploadAction, extendUploadAction, uploadAudioAction } from "@/lib/actions/create";
import type { ActionState } from "@/lib/actions/safe-action";
import type { OwnAudioOffer } from "@/lib/suno/offerings";
import type { ModelId } from "@/lib/suno/types";
import {
  UPLOAD_ACCEPT,
  UPLOAD_MAX_BYTES,
  UPLOAD_MAX_MB,
  type UploadedAudio,
} from "@/lib/uploads/shared";

/** What the configured providers can do with a person's own recording (lib/suno/offerings). */
export type OwnAudioAbilities = Pick<OwnAudioOffer, "fileHost" | "cover" | "extend" | "clip">;

type Model = { id: ModelId; label: string };
type Props = {
  abilities: OwnAudioAbilities;
  models: Model[];
  defaultModel: ModelId;
  teamId: string;
  onSubmitted: (taskId: string) => void;
};

const newKey = () => crypto.randomUUID();
const AUDIO_NAME = /\.(mp3|wav|flac|ogg|m4a)$/i;

export function OwnAudio(props: Props) {
  const { abilities } = props;
  if (abilities.fileHost) return <UploadThenUse {...props} />;
  if (abilities.clip) return <LinkToClip {...props} />;
  return (
    <Alert tone="info">
      The music service configured here does not take your own recordings, so they cannot be covered
      or extended.
    </Alert>
  );
}

/** Reasons shown beside what a provider cannot do. */
const NO_COVER = "The music service configured here cannot cover your own audio.";
const NO_EXTEND = "The music service configured here cannot extend your own audio.";

function UploadThenUse({ abilities, models, defaultModel, teamId, onSubmitted }: Props) {
  const [source, setSource] = useState<"file" | "link">("file");
  const [upload, setUpload] = useState<UploadedAudio | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [use, setUse] = useState<"cover" | "extend">(abilities.cover ? "cover" : "extend");
  const name = useId();

  async function send(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    const form = new FormData(event.currentTarget);
    let request: RequestInit & { url: string };
    if (source === "file") {
      const file = form.get("file");
      if (!(file instanceof File) || file.size === 0) return setError("Choose a recording.");
      if (file.size > UPLOAD_MAX_BYTES)
        return setError(`That file is larger than ${UPLOAD_MAX_MB} MB.`);
      if (!file.type.startsWith("audio/") && !AUDIO_NAME.test(file.name))
        return setError("Choose an audio file (MP3, WAV, FLAC, OGG or M4A).");
      request = {
        url: `/api/uploads?name=${encodeURIComponent(file.name)}`,
        method: "POST",
        body: file,
      };
    } else {
      const url = String(form.get("url") ?? "").trim();
      if (!/^https?:\/\/\S+$/i.test(url))
        return setError("Paste a link to an audio file, starting with https://");
      request = {
        url: "/api/uploads",
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ url }),
      };
    }
    setSending(true);
    try {
      const response = await fetch(request.url, request);
      const body = await response.json().catch(() => null);
      if (!response.ok) return setError(body?.error?.message ?? "The upload failed.");
      setUpload(body.upload as UploadedAudio);
    } catch {
      setError("The upload failed: check your connection and try again.");
    } finally {
      setSending(false);
    }
  }

  return (
    <div className="flex flex-col gap-4">
      {!upload ? (
        <form onSubmit={send} className="flex flex-col gap-4" noValidate>
          <fieldset className="flex flex-col gap-2">
            <legend className="text-sm font-medium">Use my own audio</legend>
            <div className="flex gap-4 text-sm">
              {(["file", "link"] as const).map((kind) => (
                <label key={kind} className="flex items-center gap-2">
                  <input
                    type="radio"
                    name={name}
                    checked={source === kind}
                    onChange={() => setSource(kind)}
                    className="size-4 accent-[var(--color-accent)]"
                  />
                  {kind === "file" ? "A file" : "A link"}
                </label>
              ))}
            </div>
          </fieldset>
          {error && <Alert>{error}</Alert>}
          {source === "file" ? (
            <Field
              label="Recording"
              hint={`MP3, WAV, FLAC, OGG or M4A, up to ${UPLOAD_MAX_MB} MB and 8 minutes.`}
            >
              {(control) => (
                <input
                  {...control}
                  type="file"
                  name="file"
                  accept={UPLOAD_ACCEPT}
                  className="text-sm"
                />
              )}
            </Field>
          ) : (
            <Field
              label="Link to the recording"
              hint="Chorus fetches it (public links only) and checks that it is audio."
            >
              {(control) => (
                <Input
                  {...control}
                  name="url"
                  type="url"
                  placeholder="https://example.com/my-recording.mp3"
                />
              )}
            </Field>
          )}
          <Button type="submit" variant="secondary" pending={sending} className="self-start">
            {sending ? "Uploading…" : "Upload"}
          </Button>
        </form>
      ) : (
        <>
          <Alert tone="success">
            {upload.fileName} is ready ({Math.max(1, Math.round(upload.byteSize / 1024))} KB; kept
            until {new Date(upload.expiresAt).toLocaleDateString("en")}).{" "}
            <button
              type="button"
              className="font-medium underline underline-offset-4"
              onClick={() => setUpload(null)}
            >
              Use another
            </button>
          </Alert>
          <fieldset className="flex flex-col gap-2">
            <legend className="text-sm font-medium">What to make of it</legend>
            {(
              [
                ["cover", "Cover it", abilities.cover, NO_COVER],
                ["extend", "Extend it", abilities.extend, NO_EXTEND],
              ] as const
            ).map(([value, label, able, reason]) => (
              <label key={value} className="flex flex-wrap items-center gap-2 text-sm">
                <input
                  type="radio"
                  name={`${name}-use`}
                  checked={use === value}
                  disabled={!able}
                  onChange={() => setUse(value)}
                  className="size-4 accent-[var(--color-accent)]"
                />
                {label}
                {!able && <span className="text-xs text-fg-muted">({reason})</span>}
              </label>
            ))}
          </fieldset>
          <UseForm
            key={`${upload.id}-${use}`}
            use={use}
            uploadId={upload.id}
            models={models}
            defaultModel={defaultModel}
            teamId={teamId}
            onSubmitted={onSubmitted}
          />
        </>
      )}
    </div>
  );
}

function UseForm({
  use,
  uploadId,
  models,
  defaultModel,
  teamId,
  onSubmitted,
}: Omit<Props, "abilities"> & { use: "cover" | "extend"; uploadId: string }) {
  const [idempotencyKey, setIdempotencyKey] = useState(newKey);
  const action = use === "cover" ? coverUploadAction : extendUploadAction;
  const [state, formAction] = useActionState<ActionState, FormData>(async (previous, form) => {
    const result = await action(previous, form);
    if (typeof result.data?.taskId === "string") {
      onSubmitted(result.data.taskId);
      setIdempotencyKey(newKey());
    }
    return result;
  }, {});
  const errors = state.fieldErrors ?? {};
  return (
    <form action={formAction} className="flex flex-col gap-4" noValidate>
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      <input type="hidden" name="teamId" value={teamId} />
      <input type="hidden" name="uploadId" value={uploadId} />
      {state.error && <Alert>{state.error}</Alert>}
      {state.ok && state.message && <Alert tone="success">{state.message}</Alert>}
      <Field label="Model" error={errors.model}>
        {(control) => (
          <Select
            {...control}
            name="model"
            defaultValue={defaultModel}
            options={models.map((m) => ({ value: m.id, label: m.label }))}
          />
        )}
      </Field>
      {use === "extend" && (
        <Field
          label="Continue from (seconds)"
          hint="Where in your recording the new part starts."
          error={errors.continueAt}
        >
          {(control) => (
            <Input {...control} name="continueAt" type="number" min={1} step={1} required />
          )}
        </Field>
      )}
      <Field
        label="Style"
        hint={
          use === "extend"
            ? "Leave style, title and lyrics blank to keep the recording's own."
            : undefined
        }
        error={errors.tags}
      >
        {(control) => (
          <Input {...control} name="tags" placeholder="acoustic folk, warm female vocals" />
        )}
      </Field>
      <Field label="Title" error={errors.title}>
        {(control) => <Input {...control} name="title" />}
      </Field>
      <Field label="Lyrics" error={errors.lyrics}>
        {(control) => <Textarea {...control} name="lyrics" rows={6} className="font-mono" />}
      </Field>
      {use === "cover" && (
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            name="instrumental"
            className="size-4 accent-[var(--color-accent)]"
          />{" "}
          Instrumental cover (no vocals)
        </label>
      )}
      <SubmitButton size="lg" pendingLabel="Sending…" className="self-start">
        {use === "cover" ? "Make the cover" : "Make the extension"}
      </SubmitButton>
    </form>
  );
}

/** A relay provider copies a recording from a link and makes a clip of it (to extend later). */
function LinkToClip({ teamId, onSubmitted }: Props) {
  const [idempotencyKey, setIdempotencyKey] = useState(newKey);
  const [url, setUrl] = useState("");
  const [state, formAction] = useActionState<ActionState, FormData>(async (previous, form) => {
    const result = await uploadAudioAction(previous, form);
    if (typeof result.data?.taskId === "string") {
      onSubmitted(result.data.taskId);
      setIdempotencyKey(newKey());
      if (result.ok) setUrl("");
    }
    return result;
  }, {});
  return (
    <form action={formAction} className="flex flex-col gap-4" noValidate>
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      <input type="hidden" name="teamId" value={teamId} />
      {state.error && <Alert>{state.error}</Alert>}
      {state.ok && state.message && <Alert tone="success">{state.message}</Alert>}
      <fieldset className="flex flex-col gap-2 text-sm">
        <legend className="font-medium">Use my own audio</legend>
        <label className="flex items-center gap-2 text-fg-muted">
          <input type="radio" disabled className="size-4" /> A file (the music service configured
          here takes recordings by link only)
        </label>
        <label className="flex items-center gap-2">
          <input type="radio" checked readOnly className="size-4 accent-[var(--color-accent)]" /> A
          link
        </label>
        <label className="flex items-center gap-2 text-fg-muted">
          <input type="radio" disabled className="size-4" /> Cover it ({NO_COVER})
        </label>
      </fieldset>
      <Field
        label="Link to the audio file"
        hint="The music service copies the recording from this link; it becomes a clip you can extend."
        error={state.fieldErrors?.url}
      >
        {(control) => (
          <Input
            {...control}
            name="url"
            type="url"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            placeholder="https://example.com/my-recording.mp3"
          />
        )}
      </Field>
      <SubmitButton size="lg" pendingLabel="Sending…">
        Create
      </SubmitButton>
    </form>
  );
}
