// Liveness and database reachability, for load balancers and the test harness.
import { NextResponse } from "next/server";

import { checkDatabase } from "@/lib/health";

export const dynamic = "force-dynamic";

export async function GET() {
  const database = await checkDatabase();
  return NextResponse.json(
    { ok: database, database: database ? "up" : "down" },
    { status: database ? 200 : 503 },
  );
}
