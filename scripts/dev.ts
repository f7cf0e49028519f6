// `npm run dev`: embedded Postgres if needed, migrations, then `next dev`.
import { bootstrap, runNext } from "./lib/bootstrap.ts";

const booted = await bootstrap({ dev: true });
await runNext(["dev", ...process.argv.slice(2)], booted);
