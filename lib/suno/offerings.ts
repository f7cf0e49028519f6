// The one answer to "what can the configured providers do, on which model": each provider's
// catalogue (its dialect's defaults and the operator's changes) crossed with what its wire can
// send (`wire.supports`). The Create form offers only what this says, the server validates
// against the same answer, and the client routes each request to the providers in it.
import {
  LYRICS_PROMPT_LIMIT,
  modelEntry,
  OPERATION_INFO,
  OPERATIONS,
  type Catalogue,
  type CatalogueEntry,
  type ModelLimits,
} from "@/lib/suno/catalogue";
import type { Dialect, Operation } from "@/lib/suno/types";

/** What offerings need of a configured provider. */
export type OfferingProvider = {
  name: string;
  dialect: Dialect;
  catalogue: Catalogue;
  supports: (operation: Operation) => boolean;
  /** why the dialect cannot do an operation, in words a person can act on */
  unsupportedReason?: (operation: Operation) => string | undefined;
  /** it has a file host a recording is put on before a cover or an extension of it */
  fileHost?: boolean;
};

/** Where a model can run one operation: the providers in the order they are tried, and the
 *  limits of the first (the one a request goes to while it is healthy). */
export type ModelRoute = { providers: string[]; limits: ModelLimits };

export type OfferedModel = {
  id: string;
  label: string;
  description: string;
  /** the operations it can run somewhere, each with its providers and limits */
  routes: Partial<Record<Operation, ModelRoute>>;
};

export type OperationOffer = {
  available: boolean;
  /** why not, when it is not available */
  reason: string | null;
  providers: string[];
};

/** The operations of "Use my own audio", offered as one group. */
export const OWN_AUDIO_OPERATIONS = ["UPLOAD_AUDIO", "UPLOAD_COVER", "UPLOAD_EXTEND"] as const;

/** What can be made of a person's own recording: one answer for the Upload tab. */
export type OwnAudioOffer = OperationOffer & {
  /** the recording goes to a provider's file host first (sunoapi-org) */
  fileHost: boolean;
  /** a cover of it (UPLOAD_COVER) */
  cover: boolean;
  /** an extension of it (UPLOAD_EXTEND) */
  extend: boolean;
  /** a clip made of it by link (relay UPLOAD_AUDIO; a file gets a link Chorus serves) */
  clip: boolean;
};

export type Offerings = {
  /** models offered for at least one operation, in order (the first provider's order first) */
  models: OfferedModel[];
  /** the model new songs get when none is chosen: the first provider's default if offered */
  defaultModel: string;
  operations: Record<Operation, OperationOffer>;
  ownAudio: OwnAudioOffer;
  /** the longest "write lyrics for me" prompt: the first lyrics provider's dialect's */
  lyricsPromptMax: number;
};

/** A model a provider will take an operation on: in its catalogue, not retired, listing it. */
export function providerTakes(
  provider: OfferingProvider,
  model: string,
  operation: Operation,
): CatalogueEntry | null {
  if (!provider.supports(operation)) return null;
  const entry = modelEntry(model, provider.catalogue);
  if (!entry || entry.retired || !entry.operations.includes(operation)) return null;
  return entry;
}

export function offeringsOf(providers: readonly OfferingProvider[]): Offerings {
  const models = new Map<string, OfferedModel>();
  for (const provider of providers) {
    for (const entry of provider.catalogue.models) {
      for (const operation of entry.operations) {
        if (!providerTakes(provider, entry.id, operation)) continue;
        const model = models.get(entry.id) ?? {
          id: entry.id,
          label: entry.label,
          description: entry.description,
          routes: {},
        };
        models.set(entry.id, model);
        const route = (model.routes[operation] ??= { providers: [], limits: entry.limits });
        route.providers.push(provider.name);
      }
    }
  }
  const operations = Object.fromEntries(
    OPERATIONS.map((operation) => [operation, offerOf(providers, [...models.values()], operation)]),
  ) as Record<Operation, OperationOffer>;
  const first = providers[0]?.catalogue.defaultModel;
  const offered = [...models.values()];
  const lyricist = providers.find((p) => p.supports("LYRICS")) ?? providers[0];
  return {
    models: offered,
    defaultModel: (first && models.has(first) ? first : offered[0]?.id) ?? first ?? "",
    operations,
    ownAudio: ownAudioOf(providers, operations),
    lyricsPromptMax: LYRICS_PROMPT_LIMIT[lyricist?.dialect ?? "relay"],
  };
}

const NO_OWN_AUDIO = "The music service configured on this server does not take your own audio.";

function ownAudioOf(
  providers: readonly OfferingProvider[],
  operations: Record<Operation, OperationOffer>,
): OwnAudioOffer {
  const [clip, cover, extend] = OWN_AUDIO_OPERATIONS.map((op) => operations[op]);
  const fileHost = providers.some((p) => p.fileHost);
  const able = [clip!, fileHost ? cover! : null, fileHost ? extend! : null].filter(
    (offer) => offer?.available,
  );
  const available = able.length > 0;
  const said = OWN_AUDIO_OPERATIONS.flatMap((op) =>
    providers.map((p) => p.unsupportedReason?.(op)),
  ).find(Boolean);
  return {
    available,
    reason: available ? null : (said ?? NO_OWN_AUDIO),
    providers: [...new Set(able.flatMap((offer) => offer!.providers))],
    fileHost,
    cover: fileHost && cover!.available,
    extend: fileHost && extend!.available,
    clip: clip!.available,
  };
}

function offerOf(
  providers: readonly OfferingProvider[],
  models: OfferedModel[],
  operation: Operation,
): OperationOffer {
  const able = providers.filter((p) => p.supports(operation));
  const names = OPERATION_INFO[operation].takesModel
    ? [...new Set(models.flatMap((m) => m.routes[operation]?.providers ?? []))]
    : able.map((p) => p.name);
  if (names.length > 0) return { available: true, reason: null, providers: names };
  const said = providers.map((p) => p.unsupportedReason?.(operation)).find(Boolean);
  const what = OPERATION_INFO[operation].label;
  return {
    available: false,
    reason:
      said ??
      (able.length > 0
        ? `No model the music service offers can do ${what}.`
        : `The music service configured on this server does not offer ${what}.`),
    providers: [],
  };
}

/** The route of a model for an operation, or null when no provider takes it. */
export const routeOf = (offerings: Offerings, model: string, operation: Operation) =>
  offerings.models.find((m) => m.id === model)?.routes[operation] ?? null;

/** Models offered for an operation, in order. */
export const modelsFor = (offerings: Offerings, operation: Operation) =>
  offerings.models.filter((m) => m.routes[operation]);

/** The offer of a catalogue alone, as if one provider of every operation held it. */
export function catalogueOfferings(catalogue: Catalogue): Offerings {
  return offeringsOf([{ name: "catalogue", dialect: "relay", catalogue, supports: () => true }]);
}
