// Further pages of the library (keyset cursor), for infinite scroll.
import { NextResponse } from "next/server";

import { withSession } from "@/lib/api/handlers";
import { libraryQuerySchema, searchLibrary } from "@/lib/library/search";

export const dynamic = "force-dynamic";

export const GET = withSession({ query: libraryQuerySchema }, async ({ user, query }) =>
  NextResponse.json(await searchLibrary({ actor: user, query })),
);
