"use client";

// The studio: three ways to ask for a song as tabs, a model picker that shows each model's
// limits with live character counters, "Write lyrics for me", and the running tasks.
import {
  createContext,
  useActionState,
  useCallback,
  useContext,
  useEffect,
  useId,
  useRef,
  useState,
  type KeyboardEvent,
} from "react";

import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import {
  createFromDescriptionAction,
  createInstrumentalAction,
  createSongAction,
  uploadAudioAction,
  writeLyricsAction,
} from "@/lib/actions/create";
import type { ActionState } from "@/lib/actions/safe-action";
import type { OfferedModel, OperationOffer } from "@/lib/suno/offerings";
import type { ModelId, Operation } from "@/lib/suno/types";
import { useTask } from "@/lib/swr/use-tasks";
import { LYRICS_PROMPT_MAX } from "@/lib/tasks/requests";
import { isPendingStatus } from "@/lib/tasks/status";

import { OwnAudio, type OwnAudioAbilities } from "./own-audio";
import { RunningTasks } from "./running-tasks";

const MODES = [
  { id: "song", label: "Song", action: createSongAction, operation: "CUSTOM_SONG" },
  {
    id: "instrumental",
    label: "Instrumental",
    action: createInstrumentalAction,
    operation: "INSTRUMENTAL",
  },
  {
    id: "describe",
    label: "Describe it",
    action: createFromDescriptionAction,
    operation: "DESCRIPTION_SONG",
  },
  { id: "upload", label: "Upload audio", action: uploadAudioAction, operation: "UPLOAD_AUDIO" },
] as const satisfies readonly {
  id: string;
  label: string;
  action: unknown;
  operation: Operation;
}[];
type Mode = (typeof MODES)[number]["id"];

const newKey = () => crypto.randomUUID();
/** What the configured providers can do (lib/suno/offerings.ts): each operation, available or
 *  not and why, and each model with the operations it runs and their limits. */
type OperationOffers = Record<Operation, Pick<OperationOffer, "available" | "reason">>;
const NO_LIMITS = { lyrics: 0, tags: 0, title: 0, description: 0, maxSeconds: 0 };
const minutes = (seconds: number) => `${Math.round((seconds / 60) * 10) / 10} min`;

/** Where new songs go: the personal workspace (teamId "") or a team, charged to its budget. */
const WorkspaceContext = createContext<{ teamId: string; name: string }>({
  teamId: "",
  name: "Personal",
});

type StudioProps = {
  initialTaskIds: string[];
  balance: number;
  costs: { music: number; lyrics: number };
  workspace: { teamId: string | null; name: string };
  models: OfferedModel[];
  defaultModel: ModelId;
  operations: OperationOffers;
  /** what the providers can do with a person's own recording ("Upload audio") */
  ownAudio?: OwnAudioAbilities;
};

export function CreateStudio(props: StudioProps) {
  return (
    <WorkspaceContext value={{ teamId: props.workspace.teamId ?? "", name: props.workspace.name }}>
      <Studio {...props} />
    </WorkspaceContext>
  );
}

function Studio(props: StudioProps) {
  const { initialTaskIds, balance, costs, workspace, models, defaultModel, operations, ownAudio } =
    props;
  // one's own audio is its own panel: offered wherever a recording can be covered, extended or
  // taken by link, even where the provider has no plain "upload by link" (sunoapi-org)
  const offered = (m: (typeof MODES)[number]) =>
    operations[m.operation].available ||
    (m.id === "upload" && Boolean(ownAudio && (ownAudio.files || ownAudio.link)));
  const [mode, setMode] = useState<Mode>((MODES.find(offered) ?? MODES[0]).id);
  const [taskIds, setTaskIds] = useState(initialTaskIds);
  const tabsId = useId();
  const formRef = useRef<HTMLDivElement>(null);
  const tabRefs = useRef<Array<HTMLButtonElement | null>>([]);
  const addTask = useCallback(
    (id: string) => setTaskIds((ids) => (ids.includes(id) ? ids : [id, ...ids].slice(0, 20))),
    [],
  );

  const onTabKey = (event: KeyboardEvent, index: number) => {
    const delta = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
    if (!delta) return;
    let next = index;
    do next = (next + delta + MODES.length) % MODES.length;
    while (!offered(MODES[next]!) && next !== index);
    setMode(MODES[next]!.id);
    tabRefs.current[next]?.focus();
  };

  return (
    <div className="grid gap-8 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
      <section aria-labelledby={`${tabsId}-heading`} ref={formRef} className="flex flex-col gap-4">
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
          className="inline-flex self-start rounded-lg bg-muted p-1"
        >
          {MODES.map((m, index) => (
            <button
              key={m.id}
              ref={(el) => void (tabRefs.current[index] = el)}
              role="tab"
              type="button"
              id={`${tabsId}-${m.id}`}
              aria-selected={mode === m.id}
              aria-controls={`${tabsId}-panel`}
              tabIndex={mode === m.id ? 0 : -1}
              onKeyDown={(event) => onTabKey(event, index)}
              onClick={() => setMode(m.id)}
              disabled={!offered(m)}
              title={operations[m.operation].reason ?? undefined}
              className={`rounded-md px-3 py-1.5 text-sm font-medium focus-visible:outline-2 focus-visible:outline-accent disabled:cursor-not-allowed disabled:opacity-50 ${mode === m.id ? "bg-surface shadow-sm" : "text-fg-muted hover:text-fg"}`}
            >
              {m.label}
            </button>
          ))}
        </div>
        <Unavailable
          items={MODES.filter((m) => !offered(m)).map((m) => ({
            label: m.label,
            reason: operations[m.operation].reason,
          }))}
        />
        <div role="tabpanel" id={`${tabsId}-panel`} aria-labelledby={`${tabsId}-${mode}`}>
          {mode === "upload" && ownAudio ? (
            <OwnAudio
              abilities={ownAudio}
              models={models}
              defaultModel={defaultModel}
              teamId={workspace.teamId ?? ""}
              onSubmitted={addTask}
            />
          ) : (
            <GenerationForm
              key={mode}
              mode={mode}
              onSubmitted={addTask}
              models={models}
              defaultModel={defaultModel}
              lyricsOffer={operations.LYRICS}
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
          onRetry={() => formRef.current?.querySelector<HTMLElement>("input, textarea")?.focus()}
        />
      </section>
    </div>
  );
}

/** What the providers cannot do here, and why (the tabs are disabled). */
function Unavailable({ items }: { items: { label: string; reason: string | null }[] }) {
  if (items.length === 0) return null;
  return (
    <ul className="text-xs text-fg-muted" aria-label="Not available here">
      {items.map((item) => (
        <li key={item.label}>
          <strong>{item.label}</strong> is not available: {item.reason}
        </li>
      ))}
    </ul>
  );
}

function Counter({ value, max }: { value: string; max: number }) {
  const over = value.length > max;
  return (
    <span className={`text-xs tabular-nums ${over ? "font-medium text-danger" : "text-fg-muted"}`}>
      {value.length.toLocaleString("en")} / {max.toLocaleString("en")}
    </span>
  );
}

function GenerationForm({
  mode,
  onSubmitted,
  models: allModels,
  defaultModel,
  lyricsOffer,
}: {
  mode: Mode;
  onSubmitted: (taskId: string) => void;
  models: OfferedModel[];
  defaultModel: ModelId;
  lyricsOffer: OperationOffers["LYRICS"];
}) {
  const { action, operation } = MODES.find((m) => m.id === mode)!;
  // only the models that can run this operation, each with its limits for it
  const models = allModels.filter((m) => m.routes[operation]);
  const [idempotencyKey, setIdempotencyKey] = useState(newKey);
  const [model, setModel] = useState<ModelId>(
    models.some((m) => m.id === defaultModel) ? defaultModel : (models[0]?.id ?? defaultModel),
  );
  const [lyrics, setLyrics] = useState("");
  const [tags, setTags] = useState("");
  const [description, setDescription] = useState("");
  const [title, setTitle] = useState("");
  const [url, setUrl] = useState("");
  // What follows an accepted request happens when the action answers, not in an effect.
  const [state, formAction] = useActionState<ActionState, FormData>(async (previous, form) => {
    const result = await action(previous, form);
    const taskId = result.data?.taskId;
    if (typeof taskId === "string") {
      onSubmitted(taskId);
      setIdempotencyKey(newKey()); // the next submit is a new request
      if (result.ok) {
        setLyrics("");
        setTitle("");
        setDescription("");
        setUrl("");
      }
    }
    return result;
  }, {});
  const limitsOf = (m: OfferedModel | undefined) => m?.routes[operation]?.limits;
  const limits = limitsOf(models.find((m) => m.id === model) ?? models[0]) ?? NO_LIMITS;
  const fillLyrics = useCallback(
    (text: string, suggested: string | null) => {
      setLyrics(text);
      if (suggested) setTitle((current) => current || suggested);
    },
    [setLyrics, setTitle],
  );

  return (
    <div className="flex flex-col gap-4">
      {mode === "song" &&
        (lyricsOffer.available ? (
          <LyricsWriter onLyrics={fillLyrics} />
        ) : (
          <p className="text-xs text-fg-muted">
            <strong>Write lyrics for me</strong> is not available: {lyricsOffer.reason}
          </p>
        ))}
      <form action={formAction} className="flex flex-col gap-4" noValidate>
        <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
        <input type="hidden" name="teamId" value={useContext(WorkspaceContext).teamId} />
        {state.error && <Alert>{state.error}</Alert>}
        {state.ok && state.message && <Alert tone="success">{state.message}</Alert>}
        {mode !== "upload" && (
          <Field
            label="Model"
            hint={`Lyrics up to ${limits.lyrics.toLocaleString("en")} characters, style up to ${limits.tags}.`}
            error={state.fieldErrors?.model}
          >
            {(control) => (
              <Select
                {...control}
                name="model"
                value={model}
                onChange={(e) => setModel(e.target.value as ModelId)}
                options={models.map((m) => ({
                  value: m.id,
                  label: `${m.label} · up to ${minutes(limitsOf(m)?.maxSeconds ?? 0)}`,
                }))}
              />
            )}
          </Field>
        )}
        {mode === "upload" ? (
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
        ) : mode === "describe" ? (
          <>
            <Field
              label="Describe the song"
              aside={<Counter value={description} max={limits.description} />}
              error={state.fieldErrors?.description}
            >
              {(control) => (
                <Textarea
                  {...control}
                  name="description"
                  rows={4}
                  value={description}
                  onChange={(e) => setDescription(e.target.value)}
                  placeholder="A calm lo-fi beat for a rainy study night"
                />
              )}
            </Field>
            <label className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                name="instrumental"
                className="size-4 accent-[var(--color-accent)]"
              />{" "}
              Instrumental (no vocals)
            </label>
          </>
        ) : (
          <>
            {mode === "song" && (
              <Field
                label="Lyrics"
                aside={<Counter value={lyrics} max={limits.lyrics} />}
                hint="Use [Verse], [Chorus] and [Bridge] to shape the song."
                error={state.fieldErrors?.lyrics}
              >
                {(control) => (
                  <Textarea
                    {...control}
                    name="lyrics"
                    rows={10}
                    value={lyrics}
                    onChange={(e) => setLyrics(e.target.value)}
                    className="font-mono"
                  />
                )}
              </Field>
            )}
            <Field
              label="Style"
              aside={<Counter value={tags} max={limits.tags} />}
              error={state.fieldErrors?.tags}
            >
              {(control) => (
                <Input
                  {...control}
                  name="tags"
                  value={tags}
                  onChange={(e) => setTags(e.target.value)}
                  placeholder="indie folk, warm vocals, acoustic guitar"
                />
              )}
            </Field>
            <Field
              label="Title"
              aside={<Counter value={title} max={limits.title} />}
              error={state.fieldErrors?.title}
            >
              {(control) => (
                <Input
                  {...control}
                  name="title"
                  value={title}
                  onChange={(e) => setTitle(e.target.value)}
                />
              )}
            </Field>
          </>
        )}
        <SubmitButton size="lg" pendingLabel="Sending…">
          Create
        </SubmitButton>
      </form>
    </div>
  );
}

/** "Write lyrics for me": runs a lyrics task and fills the editor when it is done. */
function LyricsWriter({ onLyrics }: { onLyrics: (text: string, title: string | null) => void }) {
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
        aside={<Counter value={prompt} max={LYRICS_PROMPT_MAX} />}
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
