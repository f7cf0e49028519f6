// `npm run credits:grant -- --team <slug> | --user <email> --amount <n> [--note "why"]`:
// an operator's grant, the only way credits enter Chorus besides sign-up credits. It is
// recorded in the ledger (a GRANT) and, for a team, in its audit log. Uses DATABASE_URL, or
// the embedded database under .data/ when it is not set (like npm run dev).
import { parseArgs } from "node:util";

import { bootstrap, say } from "./lib/bootstrap.ts";

const { values } = parseArgs({
  options: {
    team: { type: "string" },
    user: { type: "string" },
    amount: { type: "string" },
    note: { type: "string" },
  },
});
const usage =
  'usage: npm run credits:grant -- --team <slug> | --user <email> --amount <n> [--note "why"]';
const amount = Number(values.amount);
if ((!values.team && !values.user) || !Number.isInteger(amount) || amount <= 0) {
  console.error(usage);
  process.exit(2);
}

let services: { stop: () => Promise<void> }[] = [];
if (!process.env.DATABASE_URL) {
  const booted = await bootstrap({ dev: true, simulator: false });
  Object.assign(process.env, booted.env);
  services = booted.services;
}
const { operatorGrant } = await import("../lib/teams/credits.ts");
const { disconnectDb } = await import("../lib/db.ts");
let code = 0;
try {
  const result = await operatorGrant({
    teamSlug: values.team,
    email: values.user,
    amount,
    note: values.note?.trim() || "Operator grant",
  });
  say(
    `granted ${amount} credits to the ${result.kind} ${values.team ?? values.user}; ` +
      `its balance is now ${result.balance}`,
  );
} catch (error) {
  console.error(`[chorus] ${error instanceof Error ? error.message : String(error)}`);
  code = 1;
} finally {
  await disconnectDb();
  for (const service of services.reverse()) await service.stop();
}
process.exit(code);
