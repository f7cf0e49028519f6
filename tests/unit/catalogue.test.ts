// The model catalogue is data: v6 by default, retired models never offered (but old clips keep
// their names), an operator's SUNO_MODELS changes the offer without a code change, and every
// bad entry is named at start.
import { afterEach, describe, expect, it } from "vitest";

import { parseEnv } from "@/lib/env";
import {
  activeCatalogue,
  buildCatalogue,
  catalogueModel,
  configureCatalogue,
  modelLabel,
  offeredModels,
  runnableModel,
  wireModel,
} from "@/lib/suno/catalogue";
import { taskRequestSchema } from "@/lib/tasks/requests";

const base = { DATABASE_URL: "postgres://u:p@127.0.0.1:5432/chorus", AUTH_SECRET: "x".repeat(32) };
afterEach(() => configureCatalogue([]));

const song = (model: string) =>
  taskRequestSchema.safeParse({
    operation: "CUSTOM_SONG",
    lyrics: "la la",
    tags: "folk",
    title: "T",
    model,
  });

describe("the shipped catalogue", () => {
  it("offers the v6 family only, v6 first, and the default is v6", () => {
    expect(offeredModels().map((m) => m.label)).toEqual(["v6", "v6 wild", "v6 mini"]);
    expect(activeCatalogue().defaultModel).toBe("chirp-hawk");
    const parsed = song("");
    expect(parsed.success && "model" in parsed.data && parsed.data.model).toBe("chirp-hawk");
  });

  it("refuses a retired model for a new song, naming what is offered", () => {
    for (const retired of ["chirp-v3-5", "chirp-v4", "chirp-crow"]) {
      const parsed = song(retired);
      expect(parsed.success, retired).toBe(false);
      const message = parsed.error!.issues.find((i) => i.path[0] === "model")!.message;
      expect(message).toMatch(/is no longer offered by the music services; choose v6, v6 wild/);
    }
    expect(song("not-a-model").error?.issues[0]?.message).toMatch(/Choose one of the listed/);
  });

  it("old songs keep their model's name; extending one runs on the current default", () => {
    expect(modelLabel("chirp-crow")).toBe("v5");
    expect(modelLabel("chirp-auk-turbo")).toBe("v4.5");
    expect(modelLabel("chirp-goose")).toBe("v6 mini");
    expect(modelLabel("chirp-martian")).toBe("chirp-martian"); // unknown names stay as they are
    expect(runnableModel("chirp-v3-5-tau")).toBe("chirp-hawk");
    expect(runnableModel("chirp-goose-turbo")).toBe("chirp-goose");
    const extend = taskRequestSchema.parse({
      operation: "EXTEND",
      clipId: "c1",
      continueAt: 10,
      model: "chirp-bluejay",
    });
    expect(extend.operation === "EXTEND" && extend.model).toBe("chirp-hawk");
  });

  it("names each model as each dialect does", () => {
    expect(wireModel("relay", "chirp-goose")).toBe("chirp-goose");
    expect(wireModel("sunoapi-org", "chirp-goose")).toBe("V6_MINI");
    expect(wireModel("sunoapi", "chirp-hawk-wild")).toBe("v6-wild");
    expect(wireModel("sunoapi", "chirp-v3-5")).toBe("v3.5");
  });
});

describe("an operator's SUNO_MODELS", () => {
  const overrides = JSON.stringify([
    {
      id: "chirp-hawk-pro",
      label: "v6 pro",
      wire: { relay: "chirp-v6-pro", "sunoapi-org": "V6_PRO" },
      limits: { lyrics: 8000 },
      default: true,
    },
    { id: "chirp-hawk-wild", retired: true },
    { id: "chirp-hawk", wire: { relay: "chirp-v6" } },
  ]);

  it("adds a model, retires another and re-maps a wire name, without a code change", () => {
    const env = parseEnv({ ...base, SUNO_MODELS: overrides });
    configureCatalogue(env.SUNO_MODELS);
    expect(offeredModels().map((m) => m.label)).toEqual(["v6 pro", "v6", "v6 mini"]);
    expect(activeCatalogue().defaultModel).toBe("chirp-hawk-pro");
    expect(wireModel("relay", "chirp-hawk")).toBe("chirp-v6");
    expect(wireModel("sunoapi-org", "chirp-hawk-pro")).toBe("V6_PRO");
    // what the form offers and what the server accepts move together
    expect(song("chirp-hawk-pro").success).toBe(true);
    expect(song("chirp-hawk-wild").success).toBe(false);
    // an engine name coming back maps to the new model
    expect(catalogueModel("chirp-hawk-pro-2")).toBe("chirp-hawk-pro");
    const limits = offeredModels().find((m) => m.id === "chirp-hawk-pro")!.limits;
    expect(limits).toMatchObject({ lyrics: 8000, tags: 1000 });
  });

  it("names every bad entry, and what is wrong with it, at start", () => {
    const bad = JSON.stringify([
      { id: "ok-model" },
      { id: "Bad Id" },
      { id: "x", limits: { lyrics: -3 } },
      { id: "y", colour: "blue" },
    ]);
    expect(() => parseEnv({ ...base, SUNO_MODELS: bad })).toThrow(
      expect.objectContaining({
        problems: expect.arrayContaining([
          expect.stringMatching(/^SUNO_MODELS entry 2 \("Bad Id"\): id must be lowercase/),
          expect.stringMatching(/^SUNO_MODELS entry 3 \("x"\): limits\.lyrics/),
          expect.stringMatching(/^SUNO_MODELS entry 4 \("y"\): .*colour/),
        ]),
      }),
    );
    expect(() => parseEnv({ ...base, SUNO_MODELS: "{not json" })).toThrow(/not valid JSON/);
  });

  it("never leaves the catalogue without a default: retiring it picks the first offered", () => {
    const catalogue = buildCatalogue([{ id: "chirp-hawk", retired: true }]);
    expect(catalogue.defaultModel).toBe("chirp-hawk-wild");
  });
});
