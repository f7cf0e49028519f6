// An import's upload (lib/imports/jobs.ts): the ZIP is the request body, streamed into
// Chorus's storage (`?team=<slug>` imports into a team, `?name=` is the file's name); a worker
// reads it afterwards. Answers the queued job, which `GET /api/imports/<id>` follows.
import { Readable } from "node:stream";

import { NextResponse } from "next/server";

import { withSession } from "@/lib/api/handlers";
import { importQuerySchema } from "@/lib/api/queries";
import { AppError } from "@/lib/errors";
import { startImport } from "@/lib/imports/jobs";

export const dynamic = "force-dynamic";
export const maxDuration = 300;

export const POST = withSession({ query: importQuerySchema }, async ({ req, user, query }) => {
  const stream = req.body;
  if (!stream) throw new AppError("BAD_REQUEST", "Send the ZIP as the request body.");
  const declared = Number(req.headers.get("content-length") ?? "NaN");
  const job = await startImport({
    actor: user,
    team: query.team,
    fileName: query.name ?? "import.zip",
    body: () => Readable.fromWeb(stream as import("node:stream/web").ReadableStream),
    declaredBytes: Number.isFinite(declared) ? declared : undefined,
  });
  return NextResponse.json({ job }, { status: 201 });
});
