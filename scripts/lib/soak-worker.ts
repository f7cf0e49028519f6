// One Chorus server instance for `npm run soak`: the webhook route's handler over HTTP, the
// submissions of its share of the users (through submitTask, the create actions' one call),
// and the self-hosted sweeper loop. The soak kills it with SIGKILL and starts it again; on
// a restart it re-sends every request of its share with the same idempotency keys, as a
// user pressing "Create" again would.
// Run with `tsx --conditions=react-server` so that `server-only` resolves as on the server.
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

const { receiveWebhook } = await import("../../lib/tasks/webhook.ts");
const { submitTask } = await import("../../lib/tasks/submit.ts");
const { sweep } = await import("../../lib/tasks/sweep.ts");
const { archiveDueClips } = await import("../../lib/media/archive.ts");
const { setSunoCooldownStore } = await import("../../lib/suno/index.ts");
const { postgresCooldownStore } = await import("../../lib/tasks/cooldowns.ts");
const { isAppError } = await import("../../lib/errors.ts");

type Job = { userId: string; idempotencyKey: string; input: Record<string, unknown> };

const index = Number(process.env.SOAK_WORKER);
const workers = Number(process.env.SOAK_WORKERS);
const jobs = (JSON.parse(readFileSync(process.env.SOAK_JOBS!, "utf8")) as Job[]).filter(
  (_, n) => n % workers === index,
);
setSunoCooldownStore(postgresCooldownStore());

async function handle(req: IncomingMessage, res: ServerResponse) {
  try {
    let text = "";
    for await (const chunk of req) text += chunk;
    const url = new URL(req.url ?? "/", "http://worker");
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    const outcome = await receiveWebhook({
      taskId: url.searchParams.get("task"),
      token: url.searchParams.get("token"),
      body,
    });
    res.writeHead(outcome.status, { "content-type": "application/json" });
    res.end(JSON.stringify(outcome.body));
  } catch {
    res.writeHead(503).end(); // the database is down: the provider's problem to retry, or polling's
  }
}
const server = createServer((req, res) => void handle(req, res));
await new Promise<void>((resolve) => server.listen(Number(process.env.PORT), "127.0.0.1", resolve));
console.log(`soak worker ${index} ready pid=${process.pid}`);

let submitted = 0;
void (async () => {
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < jobs.length) {
        const job = jobs[next++]!;
        for (;;) {
          try {
            await submitTask({
              actor: { id: job.userId },
              teamId: null,
              input: job.input,
              idempotencyKey: job.idempotencyKey,
            });
            break;
          } catch (error) {
            if (isAppError(error)) break; // refused with a reason the user sees
            // the database is down: try again shortly, as a user would
            await new Promise((r) => setTimeout(r, 500));
          }
        }
        submitted++;
      }
    }),
  );
  console.log(`soak worker ${index} submitted ${submitted}`);
})();

for (;;) {
  try {
    await sweep({});
    await archiveDueClips({ limit: 20 });
  } catch {
    // the next pass tries again
  }
  await new Promise((r) => setTimeout(r, 500));
}
