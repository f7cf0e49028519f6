// The Create form's advanced options: exclude styles, the singer's voice, style weight and
// weirdness. Checked by the same schema as the form, and sent only to providers that take them.
import { describe, expect, it } from "vitest";

import { relayWire } from "@/lib/suno/adapters/relay";
import { sunoapiOrgWire } from "@/lib/suno/adapters/sunoapi-org";
import { commonFeatures } from "@/lib/suno/features";
import { songSchema, taskRequestSchema } from "@/lib/tasks/requests";

const base = { operation: "CUSTOM_SONG", lyrics: "la la", tags: "pop", title: "T", model: "" };

describe("advanced options", () => {
  it("are optional: empty fields are no value", () => {
    const parsed = songSchema.parse({
      ...base,
      negativeTags: "",
      vocalGender: "",
      styleWeight: "",
      weirdness: "",
    });
    expect(parsed).toEqual({
      operation: "CUSTOM_SONG",
      lyrics: "la la",
      tags: "pop",
      title: "T",
      model: "chirp-hawk",
    });
  });

  it("are checked: a voice is m or f, weights are from 0 to 1", () => {
    const bad = songSchema.safeParse({
      ...base,
      vocalGender: "x",
      styleWeight: "1.5",
      weirdness: "a",
    });
    expect(bad.success).toBe(false);
    const paths = bad.error!.issues.map((i) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["vocalGender", "styleWeight", "weirdness"]));
    const good = songSchema.parse({
      ...base,
      vocalGender: "f",
      styleWeight: "0.7",
      weirdness: "0",
    });
    expect(good).toMatchObject({ vocalGender: "f", styleWeight: 0.7, weirdness: 0 });
    // an instrumental has no singer: the field is not part of its request
    expect(
      taskRequestSchema.parse({ ...base, operation: "INSTRUMENTAL", vocalGender: "m" }),
    ).not.toHaveProperty("vocalGender");
  });

  it("reach sunoapi-org under its own names, and relay only as negative tags", () => {
    const song = songSchema.parse({
      ...base,
      negativeTags: "metal",
      vocalGender: "m",
      styleWeight: "0.4",
      weirdness: "0.9",
    });
    expect(sunoapiOrgWire.submitRequest(song, {}).body).toMatchObject({
      negativeTags: "metal",
      vocalGender: "m",
      styleWeight: 0.4,
      weirdnessConstraint: 0.9,
    });
    const relay = relayWire.submitRequest(song, {}).body as Record<string, unknown>;
    expect(relay.negative_tags).toBe("metal");
    expect(Object.keys(relay).filter((k) => /gender|weight|weird/i.test(k))).toEqual([]);
  });

  it("are offered only when every configured provider takes them", () => {
    expect(commonFeatures(["sunoapi-org"])).toEqual({
      negativeTags: true,
      vocalGender: true,
      weights: true,
    });
    expect(commonFeatures(["sunoapi-org", "relay"])).toEqual({
      negativeTags: true,
      vocalGender: false,
      weights: false,
    });
    expect(commonFeatures([])).toEqual({ negativeTags: false, vocalGender: false, weights: false });
  });
});
