// A person's own recording, before a cover or an extension of it: the file itself as the body
// (`?name=` its file name), or `{"url": …}` as JSON for a link. Answers the upload's id.
import { NextResponse } from "next/server";

import { readBodyBytes, withSession } from "@/lib/api/handlers";
import { uploadLinkSchema, uploadQuerySchema } from "@/lib/api/queries";
import { AppError } from "@/lib/errors";
import { createAudioUpload } from "@/lib/uploads/audio-uploads";
import { UPLOAD_MAX_BYTES } from "@/lib/uploads/shared";

export const dynamic = "force-dynamic";

export const POST = withSession({ query: uploadQuerySchema }, async ({ req, user, query }) => {
  const type = req.headers.get("content-type") ?? "";
  if (/^application\/json/i.test(type)) {
    let body: unknown = null;
    try {
      body = JSON.parse(new TextDecoder().decode(await readBodyBytes(req, 10_000)));
    } catch (error) {
      if (error instanceof AppError) throw error;
    }
    const parsed = uploadLinkSchema.safeParse(body);
    if (!parsed.success)
      throw new AppError("BAD_REQUEST", "Paste a link to an audio file, starting with https://", {
        fieldErrors: { url: ["Paste a link to an audio file."] },
      });
    const upload = await createAudioUpload({
      actor: user,
      source: { kind: "link", url: parsed.data.url },
    });
    return NextResponse.json({ upload }, { status: 201 });
  }
  const bytes = await readBodyBytes(req, UPLOAD_MAX_BYTES);
  const upload = await createAudioUpload({
    actor: user,
    source: { kind: "file", bytes, fileName: query.name ?? "" },
  });
  return NextResponse.json({ upload }, { status: 201 });
});
