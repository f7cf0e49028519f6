// Per-provider catalogues and per-model operations: each provider's catalogue is its dialect's
// defaults with the operator's changes for every provider and for it alone; crossed with what
// each wire can send, that is one answer (`client.offerings()`) to what the configured providers
// can do on which model, and the server validates against the same answer as the form shows.
import { afterEach, describe, expect, it } from "vitest";

import { parseEnv } from "@/lib/env";
import { configureCatalogue, modelLabel, providerCatalogue } from "@/lib/suno/catalogue";
import { createSunoClient, type ProviderConfig } from "@/lib/suno/client";
import { modelsFor, routeOf } from "@/lib/suno/offerings";
import type { Dialect } from "@/lib/suno/types";
import { taskRequestSchemaFor } from "@/lib/tasks/requests";

const base = { DATABASE_URL: "postgres://u:p@127.0.0.1:5432/chorus", AUTH_SECRET: "x".repeat(32) };
afterEach(() => configureCatalogue([]));

const provider = (name: string, dialect: Dialect, models: ProviderConfig["models"] = []) => ({
  name,
  dialect,
  baseUrl: "https://provider.invalid",
  keys: [`sk-${name}`],
  models,
});

/** The client the app builds from these settings (lib/suno/index.ts does the same). */
function clientFrom(source: Record<string, string>) {
  const env = parseEnv({ ...base, ...source });
  configureCatalogue(env.SUNO_MODELS);
  return createSunoClient(env.suno!.providers);
}

const songOf = (model: string, extra: Record<string, unknown> = {}) => ({
  operation: "CUSTOM_SONG",
  lyrics: "la la",
  tags: "folk",
  title: "T",
  model,
  ...extra,
});

describe("each dialect's default catalogue", () => {
  it("holds the limits its vendors publish: titles and descriptions differ by family", () => {
    const limits = (dialect: Dialect) =>
      providerCatalogue({ name: "p", dialect }).models.find((m) => m.id === "chirp-hawk")!.limits;
    expect(limits("sunoapi-org")).toMatchObject({ title: 100, description: 500, lyrics: 5000 });
    expect(limits("relay")).toMatchObject({ title: 80, description: 500 });
    expect(limits("sunoapi")).toMatchObject({ title: 80, description: 200 });
  });

  it("the server refuses what the provider's catalogue does not allow, and only that", () => {
    const check = (dialect: Dialect, input: unknown) =>
      taskRequestSchemaFor(createSunoClient([provider("primary", dialect)]).offerings).safeParse(
        input,
      );
    const description = { operation: "DESCRIPTION_SONG", description: "d".repeat(300) };
    expect(check("sunoapi", description).success).toBe(false);
    expect(check("sunoapi-org", description).success).toBe(true);
    const longTitle = songOf("chirp-hawk", { title: "t".repeat(90) });
    expect(check("relay", longTitle).error?.issues[0]).toMatchObject({
      path: ["title"],
      message: "Use at most 80 characters.",
    });
    expect(check("sunoapi-org", longTitle).success).toBe(true);
  });
});

describe("offerings: what the configured providers can do, on which model", () => {
  it("says what a dialect cannot do, and why; a fallback of another dialect fills the gap", () => {
    const org = createSunoClient([provider("primary", "sunoapi-org")]).offerings();
    expect(org.operations.CONCAT).toMatchObject({ available: false, providers: [] });
    expect(org.operations.CONCAT.reason).toMatch(/cannot join takes into a whole song/);
    expect(org.operations.UPLOAD_AUDIO.available).toBe(false);
    expect(org.operations.CUSTOM_SONG).toMatchObject({ available: true, providers: ["primary"] });
    expect(modelsFor(org, "CUSTOM_SONG").map((m) => m.label)).toEqual(["v6", "v6 wild", "v6 mini"]);

    const both = createSunoClient([
      provider("primary", "sunoapi-org"),
      provider("fallback", "relay"),
    ]).offerings();
    expect(both.operations.CONCAT).toMatchObject({ available: true, providers: ["fallback"] });
    expect(routeOf(both, "chirp-hawk", "CUSTOM_SONG")?.providers).toEqual(["primary", "fallback"]);
  });

  it("a model lists its operations: one made for songs only is not offered for the rest", () => {
    const offer = createSunoClient([
      provider("primary", "relay", [
        { id: "chirp-hawk-lyric", label: "v6 lyric", operations: ["CUSTOM_SONG"] },
      ]),
    ]).offerings();
    const lyric = offer.models.find((m) => m.id === "chirp-hawk-lyric")!;
    expect(Object.keys(lyric.routes)).toEqual(["CUSTOM_SONG"]);
    expect(modelsFor(offer, "INSTRUMENTAL").map((m) => m.id)).not.toContain("chirp-hawk-lyric");
    const instrumental = taskRequestSchemaFor(() => offer).safeParse({
      operation: "INSTRUMENTAL",
      tags: "folk",
      title: "T",
      model: "chirp-hawk-lyric",
    });
    expect(instrumental.error?.issues[0]?.message).toMatch(
      /v6 lyric cannot make instrumentals; choose v6, v6 wild, v6 mini/,
    );
    expect(taskRequestSchemaFor(() => offer).safeParse(songOf("chirp-hawk-lyric")).success).toBe(
      true,
    );
  });

  it("an operation no model offers is unavailable, with the reason", () => {
    const offer = createSunoClient([
      provider(
        "primary",
        "relay",
        ["chirp-hawk", "chirp-hawk-wild", "chirp-goose"].map((id) => ({
          id,
          operations: ["CUSTOM_SONG" as const],
        })),
      ),
    ]).offerings();
    expect(offer.operations.INSTRUMENTAL).toMatchObject({ available: false });
    expect(offer.operations.INSTRUMENTAL.reason).toMatch(/No model .* can do instrumentals/);
    expect(offer.operations.LYRICS.available).toBe(true); // it takes no model
  });
});

describe("own audio: upload, cover and extend offered as one group", () => {
  const ownAudio = (...dialects: Dialect[]) =>
    createSunoClient(
      dialects.map((d, i) => provider(i ? `fallback${i}` : "primary", d)),
    ).offerings().ownAudio;

  it("sunoapi-org: a file host to cover or extend on, although it has no upload by link", () => {
    expect(ownAudio("sunoapi-org")).toEqual({
      available: true,
      reason: null,
      providers: ["primary"],
      fileHost: true,
      cover: true,
      extend: true,
      clip: false,
    });
  });

  it("relay: a clip made of the recording by link; no file host, no cover", () => {
    expect(ownAudio("relay")).toMatchObject({
      available: true,
      fileHost: false,
      cover: false,
      extend: false,
      clip: true,
      providers: ["primary"],
    });
  });

  it("sunoapi.com: not offered, with the dialect's own reason", () => {
    const offer = ownAudio("sunoapi");
    expect(offer).toMatchObject({ available: false, providers: [], clip: false, cover: false });
    expect(offer.reason).toBe(
      "sunoapi.com, the music service configured here, takes no uploaded audio.",
    );
  });

  it("a fallback that can fills the gap: sunoapi.com first, relay behind it", () => {
    expect(ownAudio("sunoapi", "relay")).toMatchObject({
      available: true,
      reason: null,
      providers: ["fallback1"],
      clip: true,
    });
  });

  it("covering needs a model that offers it: none listed, only extension is left", () => {
    const offer = createSunoClient([
      provider(
        "primary",
        "sunoapi-org",
        ["chirp-hawk", "chirp-hawk-wild", "chirp-goose"].map((id) => ({
          id,
          operations: ["CUSTOM_SONG" as const, "UPLOAD_EXTEND" as const],
        })),
      ),
    ]).offerings().ownAudio;
    expect(offer).toMatchObject({ available: true, cover: false, extend: true });
  });
});

describe("the lyrics prompt limit is the dialect's", () => {
  const check = (dialect: Dialect, length: number) =>
    taskRequestSchemaFor(createSunoClient([provider("primary", dialect)]).offerings).safeParse({
      operation: "LYRICS",
      prompt: "p".repeat(length),
    });

  it("sunoapi.com takes fewer than 200, sunoapi.org up to 200, a relay up to 500", () => {
    const limit = (d: Dialect) => createSunoClient([provider("p", d)]).offerings().lyricsPromptMax;
    expect([limit("sunoapi"), limit("sunoapi-org"), limit("relay")]).toEqual([199, 200, 500]);
    expect(check("sunoapi", 199).success).toBe(true);
    expect(check("sunoapi", 200).error?.issues[0]).toMatchObject({
      path: ["prompt"],
      message: "Use at most 199 characters.",
    });
    expect(check("sunoapi-org", 200).success).toBe(true);
    expect(check("sunoapi-org", 201).success).toBe(false);
    expect(check("relay", 500).success).toBe(true);
    expect(check("relay", 501).error?.issues[0]?.message).toBe("Use at most 500 characters.");
  });
});

describe("SUNO_MODELS per provider", () => {
  const keys = {
    SUNO_PROVIDER: "sunoapi-org",
    SUNO_API_KEYS: "sk-org",
    SUNO_FALLBACK_PROVIDER: "relay",
    SUNO_FALLBACK_BASE_URL: "https://relay.example.com",
    SUNO_FALLBACK_API_KEYS: "sk-relay",
  };

  it("changes one provider without the other; changes for every provider still apply", () => {
    const client = clientFrom({
      ...keys,
      SUNO_MODELS: JSON.stringify({
        "*": [{ id: "chirp-goose", label: "v6 mini (fast)" }],
        primary: [{ id: "chirp-hawk-wild", retired: true }],
        fallback: [
          { id: "chirp-hawk", wire: { relay: "chirp-v6" } },
          { id: "chirp-hawk-pro", label: "v6 pro", wire: { relay: "chirp-v6-pro" } },
        ],
      }),
    });
    const offer = client.offerings();
    // v6 wild is retired on the primary only: still offered, through the fallback alone
    expect(routeOf(offer, "chirp-hawk-wild", "CUSTOM_SONG")?.providers).toEqual(["fallback"]);
    // a model only the fallback has; its limits are the relay's
    expect(routeOf(offer, "chirp-hawk-pro", "CUSTOM_SONG")).toMatchObject({
      providers: ["fallback"],
      limits: { title: 80 },
    });
    expect(routeOf(offer, "chirp-hawk", "CUSTOM_SONG")).toMatchObject({
      providers: ["primary", "fallback"],
      limits: { title: 100 }, // the primary's, which a request goes to first
    });
    expect(offer.models.find((m) => m.id === "chirp-goose")?.label).toBe("v6 mini (fast)");
    expect(modelLabel("chirp-hawk-pro")).toBe("v6 pro"); // known by name everywhere
    expect(offer.defaultModel).toBe("chirp-hawk");
  });

  it("keeps the array form: changes for every provider", () => {
    const client = clientFrom({
      ...keys,
      SUNO_MODELS: JSON.stringify([{ id: "chirp-hawk-wild", retired: true }]),
    });
    expect(routeOf(client.offerings(), "chirp-hawk-wild", "CUSTOM_SONG")).toBeNull();
    const parsed = taskRequestSchemaFor(client.offerings).safeParse(songOf("chirp-hawk-wild"));
    expect(parsed.error?.issues[0]?.message).toMatch(/v6 wild is no longer offered/);
  });

  it("names every bad entry, by provider, and a provider that is not configured", () => {
    const bad = JSON.stringify({
      primary: [{ id: "ok" }, { id: "x", operations: ["SING"] }],
      fallback: [{ id: "y", limits: { title: 0 } }],
      backup: [],
    });
    expect(() => parseEnv({ ...base, ...keys, SUNO_MODELS: bad })).toThrow(
      expect.objectContaining({
        problems: expect.arrayContaining([
          expect.stringMatching(/^SUNO_MODELS "primary" entry 2 \("x"\): operations\.0 must be/),
          expect.stringMatching(/^SUNO_MODELS "fallback" entry 1 \("y"\): limits\.title/),
          expect.stringMatching(/^SUNO_MODELS names a provider "backup"/),
        ]),
      }),
    );
    const lonely = { SUNO_PROVIDER: "sunoapi-org", SUNO_API_KEYS: "k" };
    expect(() =>
      parseEnv({ ...base, ...lonely, SUNO_MODELS: JSON.stringify({ fallback: [{ id: "a" }] }) }),
    ).toThrow(/SUNO_MODELS has models for "fallback", but no fallback provider is configured/);
  });
});
