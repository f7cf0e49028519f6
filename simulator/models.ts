// Model names and the published input limits (README table), shared by both dialects.
export type ModelInfo = {
  mv: string;
  modelName: string;
  major: string;
  lyricsMax: number;
  tagsMax: number;
  /** Suno retired every model before v6 on 2026-09-09: refused for new songs */
  retired?: boolean;
};

const RETIRED: readonly ModelInfo[] = [
  { mv: "chirp-v3-0", modelName: "chirp-v3", major: "v3", lyricsMax: 3000, tagsMax: 200 },
  { mv: "chirp-v3-5", modelName: "chirp-v3", major: "v3.5", lyricsMax: 3000, tagsMax: 200 },
  { mv: "chirp-v4", modelName: "chirp-v4", major: "v4", lyricsMax: 3000, tagsMax: 200 },
  { mv: "chirp-auk", modelName: "chirp-auk", major: "v4.5", lyricsMax: 5000, tagsMax: 1000 },
  { mv: "chirp-auk-turbo", modelName: "chirp-auk", major: "v4.5", lyricsMax: 5000, tagsMax: 1000 },
  {
    mv: "chirp-bluejay",
    modelName: "chirp-bluejay",
    major: "v4.5+",
    lyricsMax: 5000,
    tagsMax: 1000,
  },
  { mv: "chirp-crow", modelName: "chirp-crow", major: "v5", lyricsMax: 5000, tagsMax: 1000 },
];

const MODELS: readonly ModelInfo[] = [
  ...RETIRED.map((model) => ({ ...model, retired: true })),
  // the current family (README "Models in 2026"); relay vendors spell it either way
  ...(
    [
      ["chirp-hawk", "chirp-hawk", "v6"],
      ["chirp-v6", "chirp-hawk", "v6"],
      ["chirp-hawk-wild", "chirp-hawk-wild", "v6"],
      ["chirp-v6-wild", "chirp-hawk-wild", "v6"],
      ["chirp-goose", "chirp-goose", "v6"],
      ["chirp-v6-mini", "chirp-goose", "v6"],
    ] as const
  ).map(([mv, modelName, major]) => ({ mv, modelName, major, lyricsMax: 5000, tagsMax: 1000 })),
];

/** sunoapi puts the version in the path. */
export const SUNOAPI_VERSIONS: Readonly<Record<string, string>> = {
  "v3.0": "chirp-v3-0",
  "v3.5": "chirp-v3-5",
  v4: "chirp-v4",
  "v4.5": "chirp-auk",
  "v4.5plus": "chirp-bluejay",
  v5: "chirp-crow",
  v6: "chirp-hawk",
  "v6-wild": "chirp-hawk-wild",
  "v6-mini": "chirp-goose",
};

/**
 * new-api treats a missing `mv` as v3 (`chirp-v3-0`); since v3 was retired, vendors remap it to
 * the current model silently (README "Models in 2026": "fails or is silently remapped"). A
 * retired model named outright is refused.
 */
export const DEFAULT_MV = "chirp-hawk";
export const TITLE_MAX = 80;
export const SUNOAPI_DESCRIPTION_MAX = 200;
export const RELAY_DESCRIPTION_MAX = 500;
/** sunoapi.com: "prompt < 200 chars" */
export const SUNOAPI_LYRICS_PROMPT_MAX = 199;
export const RELAY_LYRICS_PROMPT_MAX = 500;

export function modelFor(mv: string): ModelInfo | undefined {
  return MODELS.find((model) => model.mv === mv);
}

export function knownModels(): string[] {
  return MODELS.map((model) => model.mv);
}

/** The names new songs may be made with. */
export function currentModels(): string[] {
  return MODELS.filter((model) => !model.retired).map((model) => model.mv);
}

/** The refusal a provider gives for a retired model, worded as the vendors do. */
export function retiredMessage(name: string): string {
  return `model ${name} has been retired; use one of ${currentModels().join(", ")}`;
}
