// OpenSubsonic (issue 19, item 6): every method under /rest, with or without `.view`, by GET
// or by a form POST (the formPost extension). The protocol lives in lib/subsonic.
import type { NextRequest } from "next/server";

import { handleSubsonic } from "@/lib/subsonic/handler";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ method: string }> };

const handle = async (req: NextRequest, { params }: Context) =>
  handleSubsonic(req, (await params).method);

export const GET = handle;
export const POST = handle;
