// Further pages of the library (keyset cursor), for infinite scroll.
import { NextResponse } from "next/server";

import { withSession } from "@/lib/api/handlers";
import { AppError } from "@/lib/errors";
import { libraryQuerySchema, searchLibrary } from "@/lib/library/search";

export const dynamic = "force-dynamic";

export const GET = withSession(async ({ req, user }) => {
  const parsed = libraryQuerySchema.safeParse(Object.fromEntries(req.nextUrl.searchParams));
  if (!parsed.success) throw new AppError("BAD_REQUEST", "That search could not be read.");
  return NextResponse.json(await searchLibrary({ actor: user, query: parsed.data }));
});
