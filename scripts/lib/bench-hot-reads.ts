// The library's hot reads through two drivers, for `npm run bench:engine` (issue 21 item 4):
// the exact SQL searchLibrary sends (captured from lib/library/search.ts as it runs, so no copy
// of it drifts), sent through Prisma's `$queryRaw` (driver adapter over node-postgres, the
// app's path) and through postgres.js's `unsafe` with the same parameters. A modest seed
// (BENCH_READ_CLIPS clips from the library benchmark's generator, COPY'd in), one warm-up
// round, then each query REQUESTS times one after the other and REQUESTS times 10 at a time.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import postgres from "postgres";

import { CLIP_COLUMNS, clipRow, copyLine, userId, userRow, USERS } from "./library-seed.ts";

export const READ_CLIPS = Number(process.env.BENCH_READ_CLIPS ?? 50_000);
const REQUESTS = Number(process.env.BENCH_READ_REQUESTS ?? 200);

type Sql = { text: string; values: unknown[] };
type Case = { name: string; query: Record<string, unknown> };
export type DriverRow = {
  name: string;
  rows: number;
  prisma: { p50: number; p95: number; perSecond: number };
  postgresJs: { p50: number; p95: number; perSecond: number };
};

const CASES: Case[] = [
  { name: "list, newest first (first page)", query: {} },
  {
    name: "list, filtered: instrumental, longest",
    query: { kind: "instrumental", sort: "longest" },
  },
  { name: "search, one word", query: { q: "river" } },
  { name: "search, two words", query: { q: "night river" } },
];

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};

async function seed(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const copy = async (sql: string, lines: Iterable<string>) =>
    pipeline(Readable.from(lines), client.query(copyFrom(sql)));
  await copy(
    `COPY users (id, name, email, password_hash, created_at, updated_at) FROM STDIN`,
    Array.from({ length: USERS }, (_, u) => copyLine(userRow(u, null))),
  );
  const teamsOf = new Map<number, number[]>();
  function* clips() {
    for (let i = 0; i < READ_CLIPS; i++) yield copyLine(clipRow(i, READ_CLIPS, teamsOf));
  }
  await copy(`COPY clips (${CLIP_COLUMNS.join(", ")}) FROM STDIN`, clips());
  await client.query("VACUUM (ANALYZE)");
  await client.end();
}

async function time(run: () => Promise<unknown>) {
  const serial: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const started = performance.now();
    await run();
    serial.push(performance.now() - started);
  }
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      while (next++ < REQUESTS) await run();
    }),
  );
  const perSecond = REQUESTS / ((performance.now() - started) / 1000);
  return { p50: percentile(serial, 50), p95: percentile(serial, 95), perSecond };
}

export async function compareDrivers(url: string): Promise<DriverRow[]> {
  await seed(url);
  const { getDb } = await import("../../lib/db.ts");
  const { searchLibrary } = await import("../../lib/library/search.ts");
  const { libraryQuerySchema } = await import("../../lib/library/query.ts");
  const { Prisma } = await import("../../lib/generated/prisma/client.ts");
  const prisma = getDb();
  const actor = { id: userId(0) };

  // the statements searchLibrary sends, captured as it runs (the last one is the page)
  const captured: Sql[] = [];
  const original = prisma.$queryRaw.bind(prisma);
  (prisma as { $queryRaw: unknown }).$queryRaw = (
    strings: TemplateStringsArray | Sql,
    ...values: unknown[]
  ) => {
    const query = "text" in strings ? strings : Prisma.sql(strings, ...values);
    captured.push({ text: query.text, values: query.values });
    return original(query as never);
  };
  const statements: { name: string; sql: Sql }[] = [];
  for (const c of CASES) {
    captured.length = 0;
    await searchLibrary({ actor, query: libraryQuerySchema.parse(c.query) });
    statements.push({ name: c.name, sql: captured.at(-1)! });
  }
  (prisma as { $queryRaw: unknown }).$queryRaw = original;

  const sql = postgres(url, { max: 10, onnotice: () => {} });
  const rows: DriverRow[] = [];
  for (const { name, sql: statement } of statements) {
    const viaPrisma = () => prisma.$queryRawUnsafe(statement.text, ...statement.values);
    const viaPostgresJs = () => sql.unsafe(statement.text, statement.values as never[]);
    const [a, b] = [await viaPrisma(), await viaPostgresJs()];
    if ((a as unknown[]).length !== b.length)
      throw new Error(
        `bench: the drivers disagree on "${name}": ${(a as unknown[]).length} vs ${b.length}`,
      );
    // alternate which goes first, so neither has the warmer cache throughout
    await time(viaPrisma);
    const postgresJs = await time(viaPostgresJs);
    const viaP = await time(viaPrisma);
    rows.push({ name, rows: b.length, prisma: viaP, postgresJs });
  }
  await sql.end();
  return rows;
}
