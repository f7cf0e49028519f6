// `npm start`: the same defaults as `npm run dev`, serving the production build.
import { existsSync } from "node:fs";

import { bootstrap, runNext } from "./lib/bootstrap.ts";

if (!existsSync(".next/BUILD_ID")) {
  console.error("[chorus] No production build found. Run `npm run build` first.");
  process.exit(1);
}
const booted = await bootstrap({ dev: false });
await runNext(["start", ...process.argv.slice(2)], {
  ...booted,
  env: { ...booted.env, NODE_ENV: "production" },
});
