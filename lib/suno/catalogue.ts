// The model catalogue: Chorus's model ids, what each provider calls them, and how to read the
// engine names providers echo back. Data, not code, so new models are one row.
//
// sunoapi.com documents only the `v3.0` and `v3.5` path segments. The others below are an
// ASSUMPTION (the same naming continued); docs/providers.md says so. A wrong one answers
// 404 on submit, which Chorus reports as "this model is not offered", never as a lost task.
import { MODELS, type ModelId } from "@/lib/suno/types";

export type CatalogueEntry = {
  id: ModelId;
  /** the path segment sunoapi.com puts the version in */
  sunoapiVersion: string;
  /** whether that segment is documented by the provider (false: our assumption) */
  sunoapiDocumented: boolean;
  /** engine names (and prefixes of their variants) providers echo for this model */
  engineNames: readonly string[];
};

export const CATALOGUE: readonly CatalogueEntry[] = [
  {
    id: "chirp-v3-0",
    sunoapiVersion: "v3.0",
    sunoapiDocumented: true,
    engineNames: ["chirp-v3-0", "chirp-v3"],
  },
  {
    id: "chirp-v3-5",
    sunoapiVersion: "v3.5",
    sunoapiDocumented: true,
    engineNames: ["chirp-v3-5", "chirp-v3.5"],
  },
  { id: "chirp-v4", sunoapiVersion: "v4", sunoapiDocumented: false, engineNames: ["chirp-v4"] },
  {
    id: "chirp-auk",
    sunoapiVersion: "v4.5",
    sunoapiDocumented: false,
    engineNames: ["chirp-auk", "chirp-v4-5"],
  },
  {
    id: "chirp-bluejay",
    sunoapiVersion: "v4.5plus",
    sunoapiDocumented: false,
    engineNames: ["chirp-bluejay", "chirp-v4-5-plus"],
  },
  {
    id: "chirp-crow",
    sunoapiVersion: "v5",
    sunoapiDocumented: false,
    engineNames: ["chirp-crow", "chirp-v5"],
  },
];

/** The model a new song gets when none is chosen (and unknown engine names map to). */
export const DEFAULT_MODEL: ModelId = "chirp-v4";

export const isModelId = (value: unknown): value is ModelId =>
  typeof value === "string" && (MODELS as readonly string[]).includes(value);

/** Engine names, longest first, so "chirp-v3-5-tau" finds chirp-v3-5 before chirp-v3. */
const BY_ENGINE = CATALOGUE.flatMap((entry) =>
  entry.engineNames.map((name) => ({ name, id: entry.id })),
).sort((a, b) => b.name.length - a.name.length);

/**
 * The catalogue model behind any name a provider or an old form sends: an exact id, an engine
 * name, or a variant of one (`chirp-auk-turbo`, `chirp-v3-5-tau`). Unknown names (and none)
 * are the default model.
 */
export function catalogueModel(name: string | null | undefined): ModelId {
  const value = (name ?? "").trim().toLowerCase();
  if (isModelId(value)) return value;
  const found = BY_ENGINE.find(
    ({ name: engine }) => value === engine || value.startsWith(`${engine}-`),
  );
  return found?.id ?? DEFAULT_MODEL;
}

/** The sunoapi.com path segment for a model (by any of its names). */
export function sunoapiVersion(model: string | null | undefined): string {
  const id = catalogueModel(model);
  return CATALOGUE.find((entry) => entry.id === id)!.sunoapiVersion;
}
