// A separate process running one engine step, for the crash tests to kill with SIGKILL.
// Run with `tsx --conditions=react-server` so that `server-only` resolves as on the server.
import { createSunoClient } from "@/lib/suno/client";
import { submitTask } from "@/lib/tasks/submit";
import { sweep } from "@/lib/tasks/sweep";

const [step, simulatorUrl, key, userId, idempotencyKey] = process.argv.slice(2);
const client = createSunoClient([
  { name: "primary", dialect: "relay", baseUrl: simulatorUrl!, keys: [key!], timeoutMs: 60_000 },
]);

if (step === "submit") {
  await submitTask({
    actor: { id: userId! },
    teamId: null,
    input: {
      operation: "INSTRUMENTAL",
      tags: "ambient",
      title: "Interrupted",
      model: "chirp-hawk",
    },
    idempotencyKey: idempotencyKey!,
    client,
  });
} else if (step === "sweep") {
  await sweep({ client });
}
console.log("finished");
process.exit(0);
