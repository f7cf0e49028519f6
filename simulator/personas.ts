// sunoapi-org personas (voices), under `/org`: `POST /api/v1/generate/generate-persona`
// `{taskId, audioId, name, description, vocalStart?, vocalEnd?, style?}` answers at once with
// `{personaId, name, description}` (a 10-30 s window of a finished clip with vocals; 409 when
// this audio has a persona already). `generate` and `extend` take the id as `personaId`;
// an unknown one is refused (400). The window's default is the clip's first 20 s.
import { randomBytes } from "node:crypto";

import { asBody, optionalNumber, requiredText, text, type Body } from "./fields.ts";
import { ApiError, badRequest, route, sendJson, type Route } from "./http.ts";
import { finishedClip, type SimEnv } from "./tasks.ts";

export type Persona = { id: string; clipId: string; name: string; description: string };
const personasOf = new WeakMap<SimEnv["store"], Map<string, Persona>>();

function personas(env: SimEnv): Map<string, Persona> {
  let map = personasOf.get(env.store);
  if (!map) personasOf.set(env.store, (map = new Map()));
  return map;
}

/** The persona a generate or extend body names, checked; null when it names none. */
export function personaOf(env: SimEnv, body: Body): Persona | null {
  const id = text(body, "personaId").trim();
  if (!id) return null;
  const found = personas(env).get(id);
  if (!found) throw badRequest(`personaId ${id} not found`);
  const model = text(body, "personaModel");
  if (model && model !== "style_persona" && model !== "voice_persona")
    throw badRequest("personaModel must be style_persona or voice_persona");
  return found;
}

export function personaRoutes(env: SimEnv, at: (path: string) => string): Route[] {
  return [
    route("POST", at("/api/v1/generate/generate-persona"), async (ctx) => {
      const body = asBody(await ctx.json());
      const taskId = requiredText(body, "taskId").trim();
      const clip = finishedClip(env, requiredText(body, "audioId").trim(), "audioId");
      if (clip.taskId !== taskId) throw badRequest(`taskId ${taskId} did not make ${clip.id}`);
      const name = requiredText(body, "name").trim();
      const start = optionalNumber(body, "vocalStart") ?? 0;
      const end = optionalNumber(body, "vocalEnd") ?? Math.min(clip.duration, start + 20);
      if (start < 0 || end > clip.duration)
        throw badRequest(`vocalStart and vocalEnd must lie within the audio (0-${clip.duration})`);
      if (end - start < 10 || end - start > 30)
        throw badRequest("the vocal window must be 10-30 seconds long");
      if (clip.audio.kind === "synth" && clip.audio.instrumental)
        throw badRequest("the audio has no vocals to make a persona from");
      if ([...personas(env).values()].some((p) => p.clipId === clip.id))
        throw new ApiError(409, "exists", "a persona already exists for this audio");
      const persona: Persona = {
        id: randomBytes(16).toString("hex"),
        clipId: clip.id,
        name,
        description: text(body, "description"),
      };
      personas(env).set(persona.id, persona);
      sendJson(ctx.res, 200, {
        code: 200,
        msg: "success",
        data: { personaId: persona.id, name: persona.name, description: persona.description },
      });
    }),
  ];
}
