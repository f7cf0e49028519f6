"use client";

// "Use my own audio": a recording from a file or a link, then a cover or an extension of it.
// Where the provider has a file host (sunoapi-org) the recording is uploaded first (size and
// type checked here and again on the server, links fetched by the server), then named by its
// upload id. A relay provider takes a link only and makes a clip of it, to extend later (a
// file is kept by Chorus, which hands the relay a link to it); what a provider cannot do is
// shown, disabled, with the reason.
import { useActionState, useId, useState, useTransition, type FormEvent } from "react";

import { Alert } from "@/components/ui/alert";
import { Button, SubmitButton } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
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

import type { OfferedModel } from "./generation-form";
import { LyricsField, ModelField, StyleField, TitleField } from "./song-fields";

/** What the configured providers can do with a person's own recording (lib/suno/offerings). */
export type OwnAudioAbilities = Pick<OwnAudioOffer, "fileHost" | "cover" | "extend" | "clip">;

type Model = Pick<OfferedModel, "id" | "label"> & Partial<Pick<OfferedModel, "limits">>;
/** a model without limits handed (none the form knows): the server still checks */
const NO_LIMITS = { lyrics: 5000, tags: 1000, title: 100 };
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
  if (abilities.clip) return <ClipOfRecording {...props} />;
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

/** Sends a recording to `POST /api/uploads`: the picked file as the body, or a link as JSON.
 *  Size and type are checked here first and again on the server. */
async function uploadRecording(
  source: "file" | "link",
  form: FormData,
): Promise<{ upload: UploadedAudio } | { error: string }> {
  let request: RequestInit & { url: string };
  if (source === "file") {
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0) return { error: "Choose a recording." };
    if (file.size > UPLOAD_MAX_BYTES)
      return { error: `That file is larger than ${UPLOAD_MAX_MB} MB.` };
    if (!file.type.startsWith("audio/") && !AUDIO_NAME.test(file.name))
      return { error: "Choose an audio file (MP3, WAV, FLAC, OGG or M4A)." };
    request = {
      url: `/api/uploads?name=${encodeURIComponent(file.name)}`,
      method: "POST",
      body: file,
    };
  } else {
    const url = String(form.get("url") ?? "").trim();
    if (!/^https?:\/\/\S+$/i.test(url))
      return { error: "Paste a link to an audio file, starting with https://" };
    request = {
      url: "/api/uploads",
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ url }),
    };
  }
  try {
    const response = await fetch(request.url, request);
    const body = await response.json().catch(() => null);
    if (!response.ok) return { error: body?.error?.message ?? "The upload failed." };
    return { upload: body.upload as UploadedAudio };
  } catch {
    return { error: "The upload failed: check your connection and try again." };
  }
}

/** "A file" or "A link". */
function SourceChoice({
  name,
  source,
  onChange,
}: {
  name: string;
  source: "file" | "link";
  onChange: (source: "file" | "link") => void;
}) {
  return (
    <fieldset className="flex flex-col gap-2">
      <legend className="text-sm font-medium">Use my own audio</legend>
      <div className="flex gap-4 text-sm">
        {(["file", "link"] as const).map((kind) => (
          <label key={kind} className="flex items-center gap-2">
            <input
              type="radio"
              name={name}
              checked={source === kind}
              onChange={() => onChange(kind)}
              className="size-4 accent-[var(--color-accent)]"
            />
            {kind === "file" ? "A file" : "A link"}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** The file picker, with what it takes. */
function RecordingField({ error }: { error?: string[] }) {
  return (
    <Field
      label="Recording"
      hint={`MP3, WAV, FLAC, OGG or M4A, up to ${UPLOAD_MAX_MB} MB and 8 minutes.`}
      error={error}
    >
      {(control) => (
        <input {...control} type="file" name="file" accept={UPLOAD_ACCEPT} className="text-sm" />
      )}
    </Field>
  );
}

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
    setSending(true);
    const sent = await uploadRecording(source, new FormData(event.currentTarget));
    setSending(false);
    if ("error" in sent) setError(sent.error);
    else setUpload(sent.upload);
  }

  return (
    <div className="flex flex-col gap-4">
      {!upload ? (
        <form onSubmit={send} className="flex flex-col gap-4" noValidate>
          <SourceChoice name={name} source={source} onChange={setSource} />
          {error && <Alert>{error}</Alert>}
          {source === "file" ? (
            <RecordingField />
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
  // the fields stay after a submit; each counts against the chosen model's limits
  const [fields, setFields] = useState({ model: defaultModel, tags: "", title: "", lyrics: "" });
  const set = (name: keyof typeof fields) => (event: { target: { value: string } }) =>
    setFields((f) => ({ ...f, [name]: event.target.value }));
  const limits = (models.find((m) => m.id === fields.model) ?? models[0])?.limits ?? NO_LIMITS;
  return (
    <form action={formAction} className="flex flex-col gap-4" noValidate>
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      <input type="hidden" name="teamId" value={teamId} />
      <input type="hidden" name="uploadId" value={uploadId} />
      {state.error && <Alert>{state.error}</Alert>}
      {state.ok && state.message && <Alert tone="success">{state.message}</Alert>}
      <ModelField
        value={fields.model}
        onChange={set("model")}
        error={errors.model}
        options={models.map((m) => ({ value: m.id, label: m.label }))}
      />
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
      <StyleField
        value={fields.tags}
        onChange={set("tags")}
        max={limits.tags}
        error={errors.tags}
        placeholder="acoustic folk, warm female vocals"
        hint={
          use === "extend"
            ? "Leave style, title and lyrics blank to keep the recording's own."
            : undefined
        }
      />
      <TitleField
        value={fields.title}
        onChange={set("title")}
        max={limits.title}
        error={errors.title}
      />
      <LyricsField
        value={fields.lyrics}
        onChange={set("lyrics")}
        max={limits.lyrics}
        error={errors.lyrics}
        rows={6}
      />
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

/**
 * A relay provider makes a clip of a recording (to extend later), taking it by link only: a
 * link goes to it as it is; a file is uploaded to Chorus first, which hands the relay an
 * expiring link to its copy.
 */
function ClipOfRecording({ teamId, onSubmitted }: Props) {
  const [idempotencyKey, setIdempotencyKey] = useState(newKey);
  const [source, setSource] = useState<"file" | "link">("file");
  const [url, setUrl] = useState("");
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [uploading, startUpload] = useTransition();
  const name = useId();
  const [state, formAction] = useActionState<ActionState, FormData>(async (previous, form) => {
    const result = await uploadAudioAction(previous, form);
    if (typeof result.data?.taskId === "string") {
      onSubmitted(result.data.taskId);
      setIdempotencyKey(newKey());
      if (result.ok) setUrl("");
    }
    return result;
  }, {});

  // a file: to Chorus first, then the action names the upload
  function submitFile(event: FormEvent<HTMLFormElement>) {
    if (source !== "file") return;
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setUploadError(null);
    startUpload(async () => {
      const sent = await uploadRecording("file", form);
      if ("error" in sent) return setUploadError(sent.error);
      form.delete("file");
      form.set("uploadId", sent.upload.id);
      // after an await the transition is over: the action is dispatched in a new one
      startUpload(() => formAction(form));
    });
  }

  return (
    <form action={formAction} onSubmit={submitFile} className="flex flex-col gap-4" noValidate>
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      <input type="hidden" name="teamId" value={teamId} />
      {(uploadError ?? state.error) && <Alert>{uploadError ?? state.error}</Alert>}
      {state.ok && state.message && <Alert tone="success">{state.message}</Alert>}
      <SourceChoice name={name} source={source} onChange={setSource} />
      <p className="text-xs text-fg-muted">It becomes a clip you can extend. {NO_COVER}</p>
      {source === "file" ? (
        <RecordingField error={state.fieldErrors?.uploadId} />
      ) : (
        <Field
          label="Link to the audio file"
          hint="The music service copies the recording from this link."
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
      )}
      <SubmitButton size="lg" pendingLabel="Sending…" pending={uploading}>
        Create
      </SubmitButton>
    </form>
  );
}
