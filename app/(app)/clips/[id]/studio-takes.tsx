"use client";

// New takes of a song, in its "Edit and export" area (issue 16): a cover, a section sung anew
// (picked on the waveform or typed), vocals added to an instrumental, an instrumental added to
// vocals, and a song on a retired model brought forward. Each shows its price; one the song's
// provider cannot make is shown disabled with the reason. The new takes arrive in Lineage.
import { useRouter } from "next/navigation";
import { useActionState, useEffect, useId, useRef, useState, type ReactNode } from "react";

import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { toast } from "@/components/ui/toast";
import { nextIdempotencyKey } from "@/lib/actions/idempotency";
import type { ActionState } from "@/lib/actions/safe-action";
import { makeVoiceAction } from "@/lib/actions/studio";
import {
  addInstrumentalAction,
  addVocalsAction,
  bringForwardAction,
  coverClipAction,
  replaceSectionAction,
} from "@/lib/actions/takes";
import {
  SECTION_MAX_SECONDS,
  SECTION_MIN_SECONDS,
  VOICE_MAX_SECONDS,
  VOICE_MIN_SECONDS,
} from "@/lib/tasks/shared";

import { SectionPicker } from "./section-picker";
import type { Studio } from "./studio-panel";

type Action = (state: ActionState, form: FormData) => Promise<ActionState>;
type Offer = { offered: boolean; reason: string | null; cost: number };

const credits = (n: number) => `${n} credit${n === 1 ? "" : "s"}`;

/** One take's form: its own action state, idempotency key, toast and refresh. */
function useTakeForm(action: Action, form: string) {
  const router = useRouter();
  const [state, run] = useActionState(action, {});
  const [base] = useState(() => crypto.randomUUID());
  const seen = useRef<ActionState>(state);
  useEffect(() => {
    if (seen.current === state) return;
    seen.current = state;
    if (state.error && !state.fieldErrors) toast.error(state.error);
    else if (state.ok && state.message) toast.success(state.message);
    router.refresh();
  }, [state, router]);
  return { state, run, key: nextIdempotencyKey(base, form, state) };
}

function Take({
  title,
  offer,
  children,
}: {
  title: string;
  offer: Offer;
  children: (disabled: boolean) => ReactNode;
}) {
  const id = useId();
  // a form (and its waveform, which loads the song) only once it is opened
  const [open, setOpen] = useState(false);
  return (
    <details
      className="group rounded-lg border border-line"
      data-testid="take"
      onToggle={(e) => setOpen(e.currentTarget.open)}
    >
      <summary className="flex min-h-11 cursor-pointer items-center justify-between gap-2 px-3 py-2 text-sm font-medium">
        <span>{title}</span>
        <span className="text-fg-muted tabular-nums">
          {offer.offered ? credits(offer.cost) : "not offered"}
        </span>
      </summary>
      <div className="flex flex-col gap-3 border-t border-line p-3">
        {!offer.offered && (
          <p id={id} className="text-sm text-fg-muted">
            {offer.reason}
          </p>
        )}
        {open && children(!offer.offered)}
      </div>
    </details>
  );
}

function Hidden({ clipId, idempotencyKey }: { clipId: string; idempotencyKey: string }) {
  return (
    <>
      <input type="hidden" name="clipId" value={clipId} />
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
    </>
  );
}

function Send({ disabled, children }: { disabled: boolean; children: ReactNode }) {
  return (
    <SubmitButton variant="secondary" size="sm" pendingLabel="Sending…" disabled={disabled}>
      {children}
    </SubmitButton>
  );
}

function FormError({ state }: { state: ActionState }) {
  return state.error && state.fieldErrors ? <Alert>{state.error}</Alert> : null;
}

function CoverForm({ clipId, offer }: { clipId: string; offer: Offer }) {
  const { state, run, key } = useTakeForm(coverClipAction, "cover");
  return (
    <Take title="Cover" offer={offer}>
      {(disabled) => (
        <form action={run} className="flex flex-col gap-3" noValidate>
          <Hidden clipId={clipId} idempotencyKey={key} />
          <Field
            label="New style (optional)"
            hint="Left blank, the song's own"
            error={state.fieldErrors?.tags}
          >
            {(c) => <Input {...c} name="tags" disabled={disabled} />}
          </Field>
          <label className="flex min-h-11 items-center gap-2 text-sm">
            <input type="checkbox" name="instrumental" disabled={disabled} className="size-4" />
            Instrumental cover (no vocals)
          </label>
          <FormError state={state} />
          <Send disabled={disabled}>Make a cover</Send>
        </form>
      )}
    </Take>
  );
}

function ReplaceForm({
  clipId,
  duration,
  offer,
}: {
  clipId: string;
  duration: number;
  offer: Offer;
}) {
  const { state, run, key } = useTakeForm(replaceSectionAction, "section");
  const longest = Math.min(SECTION_MAX_SECONDS, Math.floor((duration / 2) * 10) / 10);
  const tooShort = longest < SECTION_MIN_SECONDS;
  const blocked: Offer = tooShort
    ? {
        ...offer,
        offered: false,
        reason:
          `This song is too short: a section is ${SECTION_MIN_SECONDS}-${SECTION_MAX_SECONDS} ` +
          "s and at most half the song.",
      }
    : offer;
  return (
    <Take title="Replace a section" offer={blocked}>
      {(disabled) => (
        <form action={run} className="flex flex-col gap-3" noValidate>
          <Hidden clipId={clipId} idempotencyKey={key} />
          {!disabled && (
            <SectionPicker
              clipId={clipId}
              duration={duration}
              min={SECTION_MIN_SECONDS}
              max={longest}
              label="The section to sing anew: drag across the waveform, or type its times"
              errors={{ start: state.fieldErrors?.startS, end: state.fieldErrors?.endS }}
            />
          )}
          <Field label="New words for the section" error={state.fieldErrors?.lyrics}>
            {(c) => <Textarea {...c} name="lyrics" rows={3} disabled={disabled} />}
          </Field>
          <FormError state={state} />
          <Send disabled={disabled}>Replace the section</Send>
        </form>
      )}
    </Take>
  );
}

function AddVocalsForm({ clipId, offer }: { clipId: string; offer: Offer }) {
  const { state, run, key } = useTakeForm(addVocalsAction, "vocals");
  return (
    <Take title="Add vocals" offer={offer}>
      {(disabled) => (
        <form action={run} className="flex flex-col gap-3" noValidate>
          <Hidden clipId={clipId} idempotencyKey={key} />
          <Field label="Words to sing" error={state.fieldErrors?.lyrics}>
            {(c) => <Textarea {...c} name="lyrics" rows={3} disabled={disabled} />}
          </Field>
          <FormError state={state} />
          <Send disabled={disabled}>Add vocals</Send>
        </form>
      )}
    </Take>
  );
}

function AddInstrumentalForm({ clipId, offer }: { clipId: string; offer: Offer }) {
  const { state, run, key } = useTakeForm(addInstrumentalAction, "band");
  return (
    <Take title="Add an instrumental" offer={offer}>
      {(disabled) => (
        <form action={run} className="flex flex-col gap-3" noValidate>
          <Hidden clipId={clipId} idempotencyKey={key} />
          <Field
            label="Style of the band (optional)"
            hint="Left blank, the song's own. Uses the vocals stem when there is one."
            error={state.fieldErrors?.tags}
          >
            {(c) => <Input {...c} name="tags" disabled={disabled} />}
          </Field>
          <FormError state={state} />
          <Send disabled={disabled}>Add an instrumental</Send>
        </form>
      )}
    </Take>
  );
}

function BringForwardForm({ clipId, offer }: { clipId: string; offer: Offer }) {
  const { state, run, key } = useTakeForm(bringForwardAction, "forward");
  return (
    <Take title="Bring forward to v6" offer={offer}>
      {(disabled) => (
        <form action={run} className="flex flex-col gap-3">
          <Hidden clipId={clipId} idempotencyKey={key} />
          <p className="text-sm text-fg-muted">
            Its model is retired: make it again on the current one, with its own words and style.
            The old and the new are shown side by side.
          </p>
          <fieldset className="flex flex-wrap gap-4 text-sm" disabled={disabled}>
            <legend className="sr-only">How</legend>
            <label className="flex min-h-11 items-center gap-2">
              <input type="radio" name="via" value="cover" defaultChecked className="size-4" />
              As a cover
            </label>
            <label className="flex min-h-11 items-center gap-2">
              <input type="radio" name="via" value="extend" className="size-4" />
              As an extension
            </label>
          </fieldset>
          <FormError state={state} />
          <Send disabled={disabled}>Bring it forward</Send>
        </form>
      )}
    </Take>
  );
}

function VoiceForm({
  clipId,
  duration,
  offer,
  voice,
}: {
  clipId: string;
  duration: number;
  offer: Offer;
  voice: { name: string } | null;
}) {
  const { state, run, key } = useTakeForm(makeVoiceAction, "voice");
  const blocked: Offer = voice
    ? { ...offer, offered: false, reason: `This song's voice is “${voice.name}”.` }
    : duration < VOICE_MIN_SECONDS
      ? { ...offer, offered: false, reason: "This song is too short to take a voice from." }
      : offer;
  return (
    <Take title={voice ? `Voice: ${voice.name}` : "Make a voice"} offer={blocked}>
      {(disabled) => (
        <form action={run} className="flex flex-col gap-3" noValidate>
          <Hidden clipId={clipId} idempotencyKey={key} />
          {!disabled && (
            <SectionPicker
              clipId={clipId}
              duration={duration}
              min={VOICE_MIN_SECONDS}
              max={VOICE_MAX_SECONDS}
              label="10-30 s of clear singing: drag across the waveform, or type the times"
              errors={{ start: state.fieldErrors?.startS, end: state.fieldErrors?.endS }}
            />
          )}
          <Field label="Name of the voice" error={state.fieldErrors?.name}>
            {(c) => <Input {...c} name="name" maxLength={60} disabled={disabled} />}
          </Field>
          <Field label="Description (optional)" error={state.fieldErrors?.description}>
            {(c) => <Input {...c} name="description" maxLength={300} disabled={disabled} />}
          </Field>
          <FormError state={state} />
          <Send disabled={disabled}>Make the voice</Send>
        </form>
      )}
    </Take>
  );
}

export function StudioTakes({ clipId, studio }: { clipId: string; studio: Studio }) {
  const { takes } = studio;
  return (
    <div className="flex flex-col gap-2">
      <h3 className="text-sm font-medium text-fg-muted">New takes of this song</h3>
      <CoverForm clipId={clipId} offer={takes.CLIP_COVER} />
      {studio.duration !== null && (
        <ReplaceForm clipId={clipId} duration={studio.duration} offer={takes.REPLACE_SECTION} />
      )}
      <AddVocalsForm clipId={clipId} offer={takes.ADD_VOCALS} />
      <AddInstrumentalForm clipId={clipId} offer={takes.ADD_INSTRUMENTAL} />
      {studio.retiredModel && <BringForwardForm clipId={clipId} offer={takes.BRING_FORWARD} />}
      {studio.duration !== null && (
        <VoiceForm
          clipId={clipId}
          duration={studio.duration}
          offer={studio.voiceOffer}
          voice={studio.voice}
        />
      )}
    </div>
  );
}
