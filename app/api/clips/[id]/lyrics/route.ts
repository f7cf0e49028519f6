// A clip's lyrics as a .txt download, for the people who may see the clip; with
// `?format=json`, what the player's now-playing view shows: the lyrics and, where synced
// lyrics were made, each word's timing.
import { withSession } from "@/lib/api/handlers";
import { lyricsQuerySchema } from "@/lib/api/queries";
import { AppError } from "@/lib/errors";
import { getClipLyrics } from "@/lib/library/queries";
import { attachment, safeFileName } from "@/lib/media/file-names";
import { idParams } from "@/lib/page-input";

export const dynamic = "force-dynamic";

export const GET = withSession({ params: idParams, query: lyricsQuerySchema }, async (input) => {
  const { user, params, query } = input;
  const clip = await getClipLyrics({ actor: user, clipId: params.id });
  if (!clip) throw new AppError("NOT_FOUND", "That song does not exist, or you cannot see it.");
  if (query.format === "json")
    return Response.json(
      { title: clip.title, text: clip.lyrics, words: clip.words },
      { headers: { "cache-control": "private, no-cache" } },
    );
  if (!clip.lyrics) throw new AppError("NOT_FOUND", "This song has no lyrics.");
  const name = `${safeFileName(clip.title)} (lyrics).txt`;
  const text = `${clip.title}\n${clip.tags ? `${clip.tags}\n` : ""}\n${clip.lyrics}\n`;
  return new Response(text, {
    headers: {
      "content-type": "text/plain; charset=utf-8",
      "content-disposition": attachment(name),
      "cache-control": "private, no-cache",
    },
  });
});
