// Which of a song request's finer controls each provider family takes (from its API
// description: /work/shared/upstream and docs/providers.md). The Create form offers a control
// only when every configured provider takes it; a provider that does not is never sent it.
import type { Dialect } from "@/lib/suno/types";

export type StyleFeatures = {
  /** "exclude styles" (negative tags) */
  negativeTags: boolean;
  /** the singer's voice, male or female */
  vocalGender: boolean;
  /** style weight and weirdness, 0-1 */
  weights: boolean;
};

export const DIALECT_FEATURES: Record<Dialect, StyleFeatures> = {
  relay: { negativeTags: true, vocalGender: false, weights: false },
  sunoapi: { negativeTags: false, vocalGender: false, weights: false },
  "sunoapi-org": { negativeTags: true, vocalGender: true, weights: true },
};

/** What every one of the configured providers takes (none configured: nothing). */
export function commonFeatures(dialects: readonly Dialect[]): StyleFeatures {
  const all = (key: keyof StyleFeatures) =>
    dialects.length > 0 && dialects.every((d) => DIALECT_FEATURES[d][key]);
  return {
    negativeTags: all("negativeTags"),
    vocalGender: all("vocalGender"),
    weights: all("weights"),
  };
}
