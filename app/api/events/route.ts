// The push channel: server-sent events for the signed-in user's tasks (lib/events/stream.ts).
// With EVENTS_PUSH off it answers 204, which tells EventSource not to reconnect: the tab
// keeps polling as before.
import { withSession } from "@/lib/api/handlers";
import { getEnv } from "@/lib/env";
import { openEventStream } from "@/lib/events/stream";

export const dynamic = "force-dynamic";
// Vercel: a stream may stay open this long; it ends itself before (EVENTS_STREAM_SECONDS)
export const maxDuration = 300;

export const GET = withSession({}, async ({ req, user }) => {
  if (!getEnv().EVENTS_PUSH) return new Response(null, { status: 204 });
  // its refreshes run beside the open stream (the function lives as long as it), not in after()
  return openEventStream({ user, signal: req.signal });
});
