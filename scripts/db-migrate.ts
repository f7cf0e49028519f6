// `npm run db:migrate`: apply prisma/migrations to DATABASE_URL, or to the embedded
// database under .data/ when DATABASE_URL is not set.
import { bootstrap, say } from "./lib/bootstrap.ts";

const booted = await bootstrap({ dev: true, simulator: false });
for (const service of booted.services) await service.stop();
say("done");
