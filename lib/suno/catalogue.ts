// The model catalogue: every model Chorus knows, what each provider family calls it on the wire,
// its published input limits, how to read the engine names providers echo back, and whether it
// is still offered. Data, not code: a new model is one entry, and an operator can add, rename,
// re-map or retire models with SUNO_MODELS (parsed and checked at start by lib/env.ts) without a
// release. Suno retired every model before v6 on 2026-09-09: those stay here so that old songs
// keep their model's name, but they are never offered for a new request, and extending one of
// them runs on the current default.
//
// sunoapi.com documents only the `v3.0` and `v3.5` path segments. The others are an ASSUMPTION
// (the same naming continued); docs/providers.md says so. A wrong one answers 404 on submit,
// which Chorus reports as "this model is not offered", never as a lost task.
import type { Dialect, Operation } from "@/lib/suno/types";

/**
 * Every operation Chorus can ask a provider for, and whether it runs on a model (a model lists
 * the ones it supports) or only on what the dialect can do. A new operation is one line here
 * (the compiler asks for it), its `wire.supports` in each adapter, and, when it takes a model,
 * nothing else: every model offers it unless its entry lists its operations.
 */
export const OPERATION_INFO = {
  CUSTOM_SONG: { takesModel: true, label: "songs from lyrics" },
  INSTRUMENTAL: { takesModel: true, label: "instrumentals" },
  DESCRIPTION_SONG: { takesModel: true, label: "songs from a description" },
  EXTEND: { takesModel: true, label: "extending a clip" },
  CONCAT: { takesModel: false, label: "joining takes into a whole song" },
  UPLOAD_AUDIO: { takesModel: false, label: "uploading audio by link" },
  LYRICS: { takesModel: false, label: "writing lyrics" },
  UPLOAD_COVER: { takesModel: true, label: "covering your own audio" },
  UPLOAD_EXTEND: { takesModel: true, label: "extending your own audio" },
  WAV: { takesModel: false, label: "lossless WAV files" },
  STEMS: { takesModel: false, label: "separating stems" },
  VIDEO: { takesModel: false, label: "music videos" },
  COVER_ART: { takesModel: false, label: "new cover art" },
  TIMED_LYRICS: { takesModel: false, label: "synced lyrics" },
  VOICE: { takesModel: false, label: "voices made from a song" },
  CLIP_COVER: { takesModel: true, label: "covers of a song" },
  REPLACE_SECTION: { takesModel: false, label: "replacing a section of a song" },
  ADD_VOCALS: { takesModel: true, label: "adding vocals to an instrumental" },
  ADD_INSTRUMENTAL: { takesModel: true, label: "adding an instrumental to vocals" },
  BRING_FORWARD: { takesModel: true, label: "bringing a song forward to the current model" },
} as const satisfies Record<Operation, { takesModel: boolean; label: string }>;

export const OPERATIONS = Object.keys(OPERATION_INFO) as Operation[];
/** The operations a model entry may list. */
export const MODEL_OPERATIONS = OPERATIONS.filter((op) => OPERATION_INFO[op].takesModel);

/**
 * The longest "write lyrics for me" prompt each dialect takes (it runs on no model): sunoapi.com
 * documents "prompt < 200 chars", sunoapi.org "prompt (≤ 200)"; the relay contract names no
 * limit and the relays seen take 500.
 */
export const LYRICS_PROMPT_LIMIT: Record<Dialect, number> = {
  sunoapi: 199,
  "sunoapi-org": 200,
  relay: 500,
};

export type ModelLimits = {
  /** characters of lyrics (`prompt`) */
  lyrics: number;
  /** characters of style (`tags`) */
  tags: number;
  title: number;
  /** characters of a description-mode prompt */
  description: number;
  /** the longest song it makes, in seconds */
  maxSeconds: number;
};

export type CatalogueEntry = {
  /** Chorus's id for the model: the Suno engine name, so stored requests keep meaning */
  id: string;
  /** what people read: "v6 mini" */
  label: string;
  /** one line on when to pick it */
  description: string;
  /** what each provider family calls it on the wire */
  wire: Record<Dialect, string>;
  /** whether the sunoapi.com path segment is documented (false: our assumption) */
  sunoapiDocumented: boolean;
  /** engine names (and prefixes of their variants) providers echo for this model */
  engineNames: readonly string[];
  limits: ModelLimits;
  /** what it can be asked for (operations that take a model; see OPERATION_INFO) */
  operations: readonly Operation[];
  /** no longer accepted for new songs by the providers */
  retired: boolean;
};

const OLD = { title: 80, description: 200 };
const CURRENT = { lyrics: 5000, tags: 1000, title: 100, description: 500, maxSeconds: 360 };

/** The catalogue as shipped. */
export const DEFAULT_CATALOGUE: readonly CatalogueEntry[] = [
  {
    id: "chirp-hawk",
    label: "v6",
    description: "Suno's current model: the best sound and structure",
    wire: { relay: "chirp-hawk", sunoapi: "v6", "sunoapi-org": "V6" },
    sunoapiDocumented: false,
    engineNames: ["chirp-hawk", "chirp-v6"],
    limits: CURRENT,
    operations: MODEL_OPERATIONS,
    retired: false,
  },
  {
    id: "chirp-hawk-wild",
    label: "v6 wild",
    description: "more adventurous takes; paid plans only at most providers",
    wire: { relay: "chirp-hawk-wild", sunoapi: "v6-wild", "sunoapi-org": "V6_WILD" },
    sunoapiDocumented: false,
    engineNames: ["chirp-hawk-wild", "chirp-v6-wild"],
    limits: CURRENT,
    operations: MODEL_OPERATIONS,
    retired: false,
  },
  {
    id: "chirp-goose",
    label: "v6 mini",
    description: "fast and cheap, on every plan",
    wire: { relay: "chirp-goose", sunoapi: "v6-mini", "sunoapi-org": "V6_MINI" },
    sunoapiDocumented: false,
    engineNames: ["chirp-goose", "chirp-v6-mini"],
    limits: CURRENT,
    operations: MODEL_OPERATIONS,
    retired: false,
  },
  {
    id: "chirp-crow",
    label: "v5",
    description: "retired on 2026-09-09",
    wire: { relay: "chirp-crow", sunoapi: "v5", "sunoapi-org": "V5" },
    sunoapiDocumented: false,
    engineNames: ["chirp-crow", "chirp-v5"],
    limits: { lyrics: 5000, tags: 1000, ...OLD, maxSeconds: 480 },
    operations: MODEL_OPERATIONS,
    retired: true,
  },
  {
    id: "chirp-bluejay",
    label: "v4.5+",
    description: "retired on 2026-09-09",
    wire: { relay: "chirp-bluejay", sunoapi: "v4.5plus", "sunoapi-org": "V4_5PLUS" },
    sunoapiDocumented: false,
    engineNames: ["chirp-bluejay", "chirp-v4-5-plus"],
    limits: { lyrics: 5000, tags: 1000, ...OLD, maxSeconds: 480 },
    operations: MODEL_OPERATIONS,
    retired: true,
  },
  {
    id: "chirp-auk",
    label: "v4.5",
    description: "retired on 2026-09-09",
    wire: { relay: "chirp-auk", sunoapi: "v4.5", "sunoapi-org": "V4_5" },
    sunoapiDocumented: false,
    engineNames: ["chirp-auk", "chirp-v4-5"],
    limits: { lyrics: 5000, tags: 1000, ...OLD, maxSeconds: 240 },
    operations: MODEL_OPERATIONS,
    retired: true,
  },
  {
    id: "chirp-v4",
    label: "v4",
    description: "retired on 2026-09-09",
    wire: { relay: "chirp-v4", sunoapi: "v4", "sunoapi-org": "V4" },
    sunoapiDocumented: false,
    engineNames: ["chirp-v4"],
    limits: { lyrics: 3000, tags: 200, ...OLD, maxSeconds: 150 },
    operations: MODEL_OPERATIONS,
    retired: true,
  },
  {
    id: "chirp-v3-5",
    label: "v3.5",
    description: "retired",
    wire: { relay: "chirp-v3-5", sunoapi: "v3.5", "sunoapi-org": "V3_5" },
    sunoapiDocumented: true,
    engineNames: ["chirp-v3-5", "chirp-v3.5"],
    limits: { lyrics: 3000, tags: 200, ...OLD, maxSeconds: 120 },
    operations: MODEL_OPERATIONS,
    retired: true,
  },
  {
    id: "chirp-v3-0",
    label: "v3",
    description: "retired",
    wire: { relay: "chirp-v3-0", sunoapi: "v3.0", "sunoapi-org": "V3" },
    sunoapiDocumented: true,
    engineNames: ["chirp-v3-0", "chirp-v3"],
    limits: { lyrics: 3000, tags: 200, ...OLD, maxSeconds: 120 },
    operations: MODEL_OPERATIONS,
    retired: true,
  },
];

/** The model a new song gets when none is chosen (and unknown engine names map to). */
export const DEFAULT_MODEL = "chirp-hawk";

/** An operator's change to one model: every field but the id may be left out. */
export type CatalogueOverride = {
  id: string;
  label?: string;
  description?: string;
  wire?: Partial<Record<Dialect, string>>;
  engineNames?: string[];
  limits?: Partial<ModelLimits>;
  /** replaces the model's list of operations */
  operations?: Operation[];
  retired?: boolean;
  /** the model new songs get when none is chosen */
  default?: boolean;
};

/** SUNO_MODELS as parsed: changes for every provider, and changes for one provider by name. */
export type ModelOverrides = {
  all: readonly CatalogueOverride[];
  byProvider: Readonly<Record<string, readonly CatalogueOverride[]>>;
};

export const NO_OVERRIDES: ModelOverrides = { all: [], byProvider: {} };

/** A provider's changes: the ones for every provider first, then its own. */
export const overridesFor = (overrides: ModelOverrides, provider: string) => [
  ...overrides.all,
  ...(overrides.byProvider[provider] ?? []),
];

export type Catalogue = { models: readonly CatalogueEntry[]; defaultModel: string };

/**
 * What each dialect's vendors publish beyond a model's own limits (the strictest of the family):
 * sunoapi.com takes 200 characters of description, relays and sunoapi.com 80 of title; the
 * sunoapi.org family takes v6's full 100 and 500.
 */
const DIALECT_CAPS: Record<Dialect, Partial<ModelLimits>> = {
  relay: { title: 80 },
  sunoapi: { title: 80, description: 200 },
  "sunoapi-org": {},
};

function capped(limits: ModelLimits, caps: Partial<ModelLimits>): ModelLimits {
  const result = { ...limits };
  for (const [name, cap] of Object.entries(caps) as [keyof ModelLimits, number][])
    result[name] = Math.min(result[name], cap);
  return result;
}

/**
 * The shipped catalogue with an operator's overrides laid over it (a new id adds a model). With
 * a dialect, it is that dialect's catalogue: the published limits of its vendors apply first,
 * then the overrides (an operator may raise a limit a vendor has raised).
 */
export function buildCatalogue(
  overrides: readonly CatalogueOverride[] = [],
  dialect?: Dialect,
): Catalogue {
  const caps = dialect ? DIALECT_CAPS[dialect] : {};
  const models = DEFAULT_CATALOGUE.map((entry) => ({
    ...entry,
    limits: capped(entry.limits, caps),
  }));
  let defaultModel = DEFAULT_MODEL;
  for (const change of overrides) {
    const at = models.findIndex((entry) => entry.id === change.id);
    const base: CatalogueEntry = models[at] ?? {
      id: change.id,
      label: change.label ?? change.id,
      description: "",
      wire: { relay: change.id, sunoapi: change.id, "sunoapi-org": change.id },
      sunoapiDocumented: false,
      engineNames: [change.id],
      limits: capped(CURRENT, caps),
      operations: MODEL_OPERATIONS,
      retired: false,
    };
    const merged: CatalogueEntry = {
      ...base,
      label: change.label ?? base.label,
      description: change.description ?? base.description,
      wire: { ...base.wire, ...change.wire },
      engineNames: change.engineNames ?? base.engineNames,
      limits: { ...base.limits, ...change.limits },
      operations: change.operations ?? base.operations,
      retired: change.retired ?? base.retired,
    };
    if (at >= 0) models[at] = merged;
    else models.unshift(merged);
    if (change.default) defaultModel = change.id;
  }
  const chosen = models.find((entry) => entry.id === defaultModel && !entry.retired);
  return {
    models,
    defaultModel: chosen?.id ?? models.find((entry) => !entry.retired)?.id ?? DEFAULT_MODEL,
  };
}

/** One provider's catalogue: its dialect's defaults, the changes for all, then its own. */
export const providerCatalogue = (
  provider: { name: string; dialect: Dialect },
  overrides: ModelOverrides = NO_OVERRIDES,
) => buildCatalogue(overridesFor(overrides, provider.name), provider.dialect);

/**
 * The catalogue in force for names and labels. The server lays the operator's overrides over the
 * defaults once, at start (lib/env.ts); a model one provider adds is known here by its label and
 * engine names (what it can do, and where, is each provider's catalogue: lib/suno/offerings.ts).
 * The browser never needs more than the list a page hands it.
 */
let active: Catalogue = buildCatalogue();

export function configureCatalogue(
  overrides: readonly CatalogueOverride[] | ModelOverrides,
): Catalogue {
  const all = Array.isArray(overrides) ? overrides : (overrides as ModelOverrides).all;
  const byProvider = Array.isArray(overrides) ? {} : (overrides as ModelOverrides).byProvider;
  const named = Object.values(byProvider)
    .flat()
    .filter((change) => !all.some((a) => a.id === change.id))
    .map(({ id, label, description, engineNames }) => ({ id, label, description, engineNames }));
  active = buildCatalogue([...all, ...named]);
  return active;
}

export const activeCatalogue = () => active;

/** Models a person may pick for a new song, in the order they are offered. */
export const offeredModels = (catalogue = active) => catalogue.models.filter((m) => !m.retired);

export const modelEntry = (id: string, catalogue = active): CatalogueEntry | undefined =>
  catalogue.models.find((entry) => entry.id === id);

export const isModelId = (value: unknown, catalogue = active): boolean =>
  typeof value === "string" && catalogue.models.some((entry) => entry.id === value);

/**
 * The catalogue model behind any name a provider or an old form sends: an exact id, an engine
 * name, or a variant of one (`chirp-auk-turbo`, `chirp-v3-5-tau`). Unknown names (and none)
 * are the default model.
 */
export function catalogueModel(name: string | null | undefined, catalogue = active): string {
  const value = (name ?? "").trim().toLowerCase();
  if (isModelId(value, catalogue)) return value;
  const byEngine = catalogue.models
    .flatMap((entry) => entry.engineNames.map((engine) => ({ engine, id: entry.id })))
    .sort((a, b) => b.engine.length - a.engine.length);
  const found = byEngine.find(
    ({ engine }) => value === engine.toLowerCase() || value.startsWith(`${engine.toLowerCase()}-`),
  );
  return found?.id ?? catalogue.defaultModel;
}

/**
 * The model a request for a new take runs on: the named one while providers still accept it,
 * otherwise the current default (an old clip is extended on v6).
 */
export function runnableModel(name: string | null | undefined, catalogue = active): string {
  const id = catalogueModel(name, catalogue);
  return modelEntry(id, catalogue)?.retired ? catalogue.defaultModel : id;
}

/** What a dialect calls a model on the wire (by any of its names). */
export function wireModel(
  dialect: Dialect,
  model: string | null | undefined,
  catalogue = active,
): string {
  const entry = modelEntry(catalogueModel(model, catalogue), catalogue);
  return entry?.wire[dialect] ?? modelEntry(catalogue.defaultModel, catalogue)!.wire[dialect];
}

/** The sunoapi.com path segment for a model (by any of its names). */
export const sunoapiVersion = (model: string | null | undefined) => wireModel("sunoapi", model);

/** A model's name for people: "v6 mini"; an engine name Chorus does not know stays as it is. */
export function modelLabel(name: string | null | undefined): string {
  if (!name) return "unknown model";
  const value = name.trim().toLowerCase();
  const known = active.models.find(
    (entry) =>
      entry.id === value || entry.engineNames.some((e) => value === e || value.startsWith(`${e}-`)),
  );
  return known?.label ?? name;
}
