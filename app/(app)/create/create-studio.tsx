"use client";

// The studio: the ways to ask for a song as tabs (Extend appears when a song is being
// remixed), one draft shared by all of them, "Write lyrics for me", and the workspace's latest
// requests, each of which can refill the form ("Reuse prompt", "Remix", "Try again").
import {
  useActionState,
  useCallback,
  useContext,
  useEffect,
  useId,
  useRef,
  useState,
  type KeyboardEvent,
} from "react";

import { SubmitButton } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toast";
import { writeLyricsAction } from "@/lib/actions/create";
import type { ActionState } from "@/lib/actions/safe-action";
import type { StyleFeatures } from "@/lib/suno/features";
import type { OperationOffer, OwnAudioOffer } from "@/lib/suno/offerings";
import type { ModelId, Operation } from "@/lib/suno/types";
import { useTask, type LiveClip, type LiveTask } from "@/lib/swr/use-tasks";
import { isPendingStatus } from "@/lib/tasks/status";

import { draftForRemix, draftFromRequest, emptyDraft, type Draft, type Mode } from "./draft";
import { Counter, GenerationForm, type OfferedModel } from "./generation-form";
import { OwnAudio } from "./own-audio";
import { RunningTasks } from "./running-tasks";
import { WorkspaceContext } from "./workspace-context";

export type { OfferedModel };

const TABS: { id: Mode; label: string }[] = [
  { id: "song", label: "Song" },
  { id: "instrumental", label: "Instrumental" },
  { id: "describe", label: "Describe it" },
  { id: "upload", label: "Upload audio" },
  { id: "extend", label: "Extend" },
];

/** What the configured providers can do (lib/suno/offerings.ts), operation by operation. */
type Offer = Pick<OperationOffer, "available" | "reason">;
type OperationOffers = Record<Operation, Offer>;

/** The offer behind each tab: an operation, or the own-audio group (upload, cover, extend). */
const TAB_OFFER: Record<Mode, (o: { operations: OperationOffers; ownAudio: Offer }) => Offer> = {
  song: (o) => o.operations.CUSTOM_SONG,
  instrumental: (o) => o.operations.INSTRUMENTAL,
  describe: (o) => o.operations.DESCRIPTION_SONG,
  upload: (o) => o.ownAudio,
  extend: (o) => o.operations.EXTEND,
};

const newKey = () => crypto.randomUUID();

type StudioProps = {
  initialTaskIds: string[];
  balance: number;
  costs: { music: number; lyrics: number };
  workspace: { teamId: string | null; name: string };
  models: OfferedModel[];
  defaultModel: ModelId;
  /** the advanced options every configured provider takes */
  features: StyleFeatures;
  /** a form filled from ?reuse= or ?remix= */
  initialDraft?: Draft | null;
  operations: OperationOffers;
  /** what the providers can do with a person's own recording ("Upload audio") */
  ownAudio: OwnAudioOffer;
  /** the longest "write lyrics for me" prompt the provider takes */
  lyricsPromptMax: number;
};

export function CreateStudio(props: StudioProps) {
  return (
    <WorkspaceContext value={{ teamId: props.workspace.teamId ?? "", name: props.workspace.name }}>
      <Studio {...props} />
    </WorkspaceContext>
  );
}

function Studio({
  initialTaskIds,
  balance,
  costs,
  workspace,
  models,
  defaultModel,
  features,
  initialDraft,
  operations,
  ownAudio,
  lyricsPromptMax,
}: StudioProps) {
  const [draft, setDraft] = useState<Draft>(() => initialDraft ?? emptyDraft(defaultModel));
  const [taskIds, setTaskIds] = useState(initialTaskIds);
  const [newest, setNewest] = useState<string | null>(null);
  const [resubmit, setResubmit] = useState(false);
  const [fills, setFills] = useState(0);
  const tabsId = useId();
  const sectionRef = useRef<HTMLElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const tabRefs = useRef<Array<HTMLButtonElement | null>>([]);
  // a tab no provider can run is shown disabled, with the reason
  const reasonOff = (mode: Mode): string | null => {
    const offer = TAB_OFFER[mode]({ operations, ownAudio });
    return offer.available ? null : (offer.reason ?? "Not offered by this music service.");
  };
  const tabs = TABS.filter((t) => t.id !== "extend" || draft.source);
  const change = useCallback(
    (fields: Partial<Draft>) => setDraft((d) => ({ ...d, ...fields })),
    [],
  );
  const addTask = useCallback((id: string) => {
    setTaskIds((ids) => (ids.includes(id) ? ids : [id, ...ids].slice(0, 20)));
    setNewest(id);
  }, []);
  const fillLyrics = useCallback((text: string, suggested: string | null) => {
    setDraft((d) => ({ ...d, lyrics: text, title: d.title || suggested || "" }));
  }, []);

  const showForm = () => {
    sectionRef.current?.scrollIntoView({ block: "start", behavior: "smooth" });
    formRef.current
      ?.querySelector<HTMLElement>("select, input:not([type=hidden]), textarea")
      ?.focus({
        preventScroll: true,
      });
  };
  const offered = models.map((m) => m.id);
  const fromTask = (task: LiveTask) => {
    const { asked } = task;
    const source =
      task.operation === "EXTEND" && typeof asked.clipId === "string"
        ? {
            id: asked.clipId,
            title: "the original song",
            tags: typeof asked.tags === "string" ? asked.tags : "",
            duration: null,
            model: null,
          }
        : null;
    return draftFromRequest(
      { ...asked, operation: task.operation },
      { offered, defaultModel, source },
    );
  };
  const reuse = (task: LiveTask) => {
    const filled = fromTask(task);
    if (!filled) return void toast.error("This request cannot be put back in the form.");
    setDraft(filled);
    setFills((n) => n + 1);
    showForm();
    toast.success("The form holds that request again: change what you like and create.");
  };
  const remix = (clip: LiveClip) => {
    setDraft((d) =>
      draftForRemix(
        {
          id: clip.id,
          title: clip.title,
          tags: clip.tags,
          duration: clip.duration,
          model: clip.model,
        },
        d,
      ),
    );
    setFills((n) => n + 1);
    showForm();
  };
  const retry = (task: LiveTask) => {
    const filled = fromTask(task);
    if (!filled) return void showForm();
    setDraft(filled);
    setFills((n) => n + 1);
    setResubmit(true);
    showForm();
  };
  // "Try again": the request is shown in the form first, then sent as a new request
  useEffect(() => {
    if (!resubmit) return;
    const timer = setTimeout(() => {
      setResubmit(false);
      formRef.current?.requestSubmit();
      toast.info("Sent again as a new request.");
    }, 0);
    return () => clearTimeout(timer);
  }, [resubmit]);

  const onTabKey = (event: KeyboardEvent, index: number) => {
    const delta = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
    if (!delta) return;
    let next = index;
    do next = (next + delta + tabs.length) % tabs.length;
    while (reasonOff(tabs[next]!.id) && next !== index);
    change({ mode: tabs[next]!.id });
    tabRefs.current[next]?.focus();
  };

  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-8 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
      <section
        aria-labelledby={`${tabsId}-heading`}
        ref={sectionRef}
        className="flex scroll-mt-20 flex-col gap-4"
      >
        <h2 id={`${tabsId}-heading`} className="sr-only">
          New song
        </h2>
        <p className="text-sm text-fg-muted">
          {workspace.teamId ? (
            <>
              Making songs in the team <strong className="text-fg">{workspace.name}</strong>, which
              has{" "}
            </>
          ) : (
            "You have "
          )}
          <strong className="text-fg">{balance}</strong> credits. A song costs {costs.music}; lyrics
          cost {costs.lyrics}.
        </p>
        <div
          role="tablist"
          aria-label="How to make it"
          // two columns on a phone (five tabs do not fit one row of 360 px), a row from sm up
          className="grid grid-cols-2 gap-1 self-stretch rounded-lg bg-muted p-1 sm:flex sm:max-w-full sm:gap-0 sm:self-start sm:overflow-x-auto"
        >
          {tabs.map((m, index) => (
            <button
              key={m.id}
              ref={(el) => void (tabRefs.current[index] = el)}
              role="tab"
              type="button"
              id={`${tabsId}-${m.id}`}
              aria-selected={draft.mode === m.id}
              aria-controls={`${tabsId}-panel`}
              tabIndex={draft.mode === m.id ? 0 : -1}
              onKeyDown={(event) => onTabKey(event, index)}
              onClick={() => change({ mode: m.id })}
              disabled={Boolean(reasonOff(m.id))}
              aria-describedby={reasonOff(m.id) ? `${tabsId}-off-${m.id}` : undefined}
              className={`min-h-11 shrink-0 rounded-md px-3 py-1.5 text-sm font-medium whitespace-nowrap focus-visible:outline-2 focus-visible:outline-accent disabled:cursor-not-allowed disabled:opacity-50 sm:min-h-0 ${draft.mode === m.id ? "bg-surface shadow-sm" : "text-fg-muted hover:text-fg"}`}
            >
              {m.label}
            </button>
          ))}
        </div>
        {tabs
          .filter((m) => reasonOff(m.id))
          .map((m) => (
            <p key={m.id} id={`${tabsId}-off-${m.id}`} className="text-xs text-fg-muted">
              {m.label}: {reasonOff(m.id)}
            </p>
          ))}
        <div
          role="tabpanel"
          id={`${tabsId}-panel`}
          aria-labelledby={`${tabsId}-${draft.mode}`}
          className="flex flex-col gap-4"
        >
          {draft.mode === "song" && <LyricsWriter onLyrics={fillLyrics} max={lyricsPromptMax} />}
          {draft.mode === "upload" ? (
            <OwnAudio
              abilities={ownAudio}
              models={models}
              defaultModel={defaultModel}
              teamId={workspace.teamId ?? ""}
              onSubmitted={addTask}
            />
          ) : (
            <GenerationForm
              draft={draft}
              change={change}
              onSubmitted={addTask}
              models={models}
              features={features}
              formRef={formRef}
              fill={fills}
            />
          )}
        </div>
      </section>
      <section aria-labelledby={`${tabsId}-running`} className="flex flex-col gap-3">
        <h2 id={`${tabsId}-running`} className="text-lg font-semibold">
          Your latest songs
        </h2>
        <RunningTasks
          taskIds={taskIds}
          newest={newest}
          onReuse={reuse}
          onRemix={remix}
          onRetry={retry}
        />
      </section>
    </div>
  );
}

/** "Write lyrics for me": runs a lyrics task and fills the editor when it is done. */
function LyricsWriter({
  onLyrics,
  max,
}: {
  onLyrics: (text: string, title: string | null) => void;
  max: number;
}) {
  const [idempotencyKey, setIdempotencyKey] = useState(newKey);
  const [state, formAction] = useActionState<ActionState, FormData>(async (previous, form) => {
    const result = await writeLyricsAction(previous, form);
    if (typeof result.data?.taskId === "string") setIdempotencyKey(newKey());
    return result;
  }, {});
  const [prompt, setPrompt] = useState("");
  const taskId = typeof state.data?.taskId === "string" ? state.data.taskId : null;
  const { data } = useTask(taskId);
  const filled = useRef<string | null>(null);

  useEffect(() => {
    const task = data?.task;
    if (task?.status === "SUCCEEDED" && task.lyrics?.text && filled.current !== task.id) {
      filled.current = task.id;
      onLyrics(task.lyrics.text, task.lyrics.title);
    }
  }, [data, onLyrics]);

  const writing = Boolean(taskId && data?.task && isPendingStatus(data.task.status));
  return (
    <form
      action={formAction}
      className="flex flex-col gap-2 rounded-xl border border-dashed border-line p-3"
      noValidate
    >
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      <input type="hidden" name="teamId" value={useContext(WorkspaceContext).teamId} />
      <Field
        label="Need lyrics? Say what they should be about"
        aside={<Counter value={prompt} max={max} />}
        error={state.fieldErrors?.prompt ?? state.error}
      >
        {(control) => (
          <Input
            {...control}
            name="prompt"
            value={prompt}
            onChange={(e) => setPrompt(e.target.value)}
            placeholder="a lighthouse keeper's last night"
          />
        )}
      </Field>
      <div className="flex items-center gap-3">
        <SubmitButton variant="secondary" size="sm" pendingLabel="Asking…" pending={writing}>
          Write lyrics for me
        </SubmitButton>
        <span role="status" className="text-xs text-fg-muted">
          {writing
            ? "Writing your lyrics…"
            : data?.task.status === "SUCCEEDED"
              ? "Lyrics are in the editor below."
              : data?.task.status === "FAILED"
                ? data.task.failReason
                : ""}
        </span>
      </div>
    </form>
  );
}
