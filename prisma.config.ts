// Prisma CLI configuration (Prisma 7). The URL is only needed by `prisma migrate deploy`
// on a connected machine; local development applies migrations with `npm run db:migrate`.
// Migrations use the direct (unpooled) URL when there is one, like scripts/lib/migrate.ts.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DIRECT_DATABASE_URL || process.env.DATABASE_URL || "" },
});
