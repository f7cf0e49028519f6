// A clip's lyrics as a .txt download, for the people who may see the clip.
import { withSession } from "@/lib/api/handlers";
import { AppError } from "@/lib/errors";
import { getClipLyrics } from "@/lib/library/queries";
import { attachment, safeFileName } from "@/lib/media/file-names";
import { idParams } from "@/lib/page-input";

export const dynamic = "force-dynamic";

export const GET = withSession({ params: idParams }, async ({ user, params }) => {
  const clip = await getClipLyrics({ actor: user, clipId: params.id });
  if (!clip) throw new AppError("NOT_FOUND", "That song does not exist, or you cannot see it.");
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
