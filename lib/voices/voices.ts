// Voices (sunoapi-org personas, issue 16): made from a 10-30 s window of a song, kept with that
// song as its clip asset of kind `voice` (the provider's persona id, name, description), so a
// voice is scoped exactly like its song: listed in the song's workspace, usable by whoever may
// build on the song, gone with it. A request naming a voice goes to the provider that has it.
import "server-only";

import { clipsUsableBy } from "@/lib/authz";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { isObject, str } from "@/lib/suno/normalize";

export type Voice = { id: string; name: string; description: string; songTitle: string };

const voiceData = (data: unknown) => ({
  personaId: isObject(data) ? str(data.personaId) : null,
  name: isObject(data) ? str(data.name) : null,
  description: isObject(data) ? str(data.description) : null,
});

/** The voices of one workspace (null: the actor's personal one), newest first. */
export async function listVoices({
  actor,
  teamId,
}: {
  actor: { id: string };
  teamId: string | null;
}): Promise<Voice[]> {
  const rows = await db.clipAsset.findMany({
    where: {
      kind: "voice",
      clip: {
        trashedAt: null,
        teamId,
        ...(teamId ? {} : { ownerId: actor.id }),
        ...clipsUsableBy(actor),
      },
    },
    orderBy: { createdAt: "desc" },
    take: 50,
    select: { id: true, data: true, clip: { select: { title: true } } },
  });
  return rows.flatMap((row) => {
    const data = voiceData(row.data);
    if (!data.personaId) return [];
    return [
      {
        id: row.id,
        name: data.name || row.clip.title || "Untitled voice",
        description: data.description ?? "",
        songTitle: row.clip.title,
      },
    ];
  });
}

/** A voice the actor may use: its provider's persona id and the provider that has it. */
export async function usableVoice({ actor, voiceId }: { actor: { id: string }; voiceId: string }) {
  const row = await db.clipAsset.findFirst({
    where: { id: voiceId, kind: "voice", clip: { trashedAt: null, ...clipsUsableBy(actor) } },
    select: { data: true, clip: { select: { provider: true, teamId: true } } },
  });
  const personaId = row ? voiceData(row.data).personaId : null;
  if (!row || !personaId)
    throw new AppError("NOT_FOUND", "That voice does not exist, or you cannot use it.", {
      fieldErrors: { voiceId: ["Choose one of the listed voices."] },
    });
  return { personaId, provider: row.clip.provider, teamId: row.clip.teamId };
}
