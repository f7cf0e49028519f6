// `npm run bench:reactions`: the library's reaction filters and sorts (issue 18) in a team of
// BENCH_TEAM_CLIPS songs (default 100,000) and BENCH_MEMBERS members, in a table of reactions
// that also holds other people's (BENCH_OTHER_REACTIONS). Seeds a throwaway embedded
// PostgreSQL with SQL, then times searchLibrary itself (lib/library/search.ts, in process:
// the query and its row mapping, no HTTP) over BENCH_REQUESTS runs each, and prints the plan
// of "liked by anyone in the team". Writes docs/BENCHMARKS.md.
// Quick run: BENCH_TEAM_CLIPS=20000 BENCH_REQUESTS=20 npm run bench:reactions
import { benchDatabase, writeBenchmarkSection } from "./lib/bench-support.ts";

const TEAM_CLIPS = Number(process.env.BENCH_TEAM_CLIPS ?? 100_000);
const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 20);
const OTHER_REACTIONS = Number(process.env.BENCH_OTHER_REACTIONS ?? 300_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 100);
const WARMUP = 5;

const say = (message: string) => console.log(`\x1b[35m[bench:reactions]\x1b[0m ${message}`);
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
const fmt = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(1));

const database = await benchDatabase({ CHORUS_PUBLIC_URL: "http://127.0.0.1:3000" });
// lib/ reads the environment on first use, so it is imported only now
const { db, disconnectDb } = await import("../lib/db.ts");
const { searchLibrary } = await import("../lib/library/search.ts");

try {
  say(`seeding a team of ${MEMBERS} with ${TEAM_CLIPS.toLocaleString("en")} songs`);
  await db.$executeRawUnsafe(
    `INSERT INTO users (id, name, email, updated_at)
     SELECT 'u' || n, 'Member ' || n, 'm' || n || '@bench.test', now()
     FROM generate_series(0, ${MEMBERS + 999}) AS n`,
  );
  await db.$executeRawUnsafe(
    `INSERT INTO teams (id, slug, name, updated_at) VALUES ('team', 'bench-team', 'Bench', now())`,
  );
  await db.$executeRawUnsafe(
    `INSERT INTO memberships (id, team_id, user_id, role, updated_at)
     SELECT 'm' || n, 'team', 'u' || n, CASE WHEN n = 0 THEN 'OWNER' ELSE 'MEMBER' END::"TeamRole",
       now() FROM generate_series(0, ${MEMBERS - 1}) AS n`,
  );
  // the team's songs in time order, and as many personal songs of the other thousand people
  await db.$executeRawUnsafe(
    `INSERT INTO clips (id, owner_id, team_id, provider, upstream_id, title, tags, duration,
       model, status, created_at, updated_at)
     SELECT 'c' || n, 'u' || (n % ${MEMBERS}), CASE WHEN n < ${TEAM_CLIPS} THEN 'team' END,
       'bench', 'up' || n, 'Song ' || n, 'pop', 30 + n % 200, 'chirp-hawk', 'COMPLETE',
       timestamptz '2026-01-01' + n * interval '1 minute', now()
     FROM generate_series(0, ${2 * TEAM_CLIPS - 1}) AS n`,
  );
  // each member likes about 1 in 50 of the team's songs and rates about 1 in 40
  await db.$executeRawUnsafe(
    `INSERT INTO clip_reactions (user_id, clip_id, liked, rating, updated_at)
     SELECT 'u' || m, 'c' || n, (n * 7 + m * 13) % 50 = 0,
       CASE WHEN (n * 11 + m * 3) % 40 = 0 THEN 1 + (n + m) % 5 END, now()
     FROM generate_series(0, ${MEMBERS - 1}) AS m, generate_series(0, ${TEAM_CLIPS - 1}) AS n
     WHERE (n * 7 + m * 13) % 50 = 0 OR (n * 11 + m * 3) % 40 = 0`,
  );
  // and other people's likes of their own songs, which must not slow the team's queries
  await db.$executeRawUnsafe(
    `INSERT INTO clip_reactions (user_id, clip_id, liked, updated_at)
     SELECT 'u' || (${MEMBERS} + k % 1000), 'c' || (${TEAM_CLIPS} + k % ${TEAM_CLIPS}), true, now()
     FROM generate_series(0, ${OTHER_REACTIONS - 1}) AS k ON CONFLICT DO NOTHING`,
  );
  await db.$executeRawUnsafe(`VACUUM ANALYZE`);
  const [counts] = await db.$queryRawUnsafe<{ reactions: number; team_likes: number }[]>(
    `SELECT count(*)::int AS reactions,
       (SELECT count(*)::int FROM clip_reactions r JOIN clips c ON c.id = r.clip_id
        WHERE c.team_id = 'team' AND r.liked) AS team_likes FROM clip_reactions`,
  );

  const actor = { id: "u0" };
  const team = "bench-team";
  type Case = { name: string; query: Record<string, string>; pages?: number };
  const cases: Case[] = [
    { name: "newest (no reaction filter, the baseline)", query: {} },
    { name: "liked by me", query: { liked: "me" } },
    { name: "liked by anyone in the team", query: { liked: "any" } },
    { name: "liked by anyone in the team, 10th page", query: { liked: "any" }, pages: 10 },
    { name: "rated 4+ by anyone in the team", query: { rated: "4", rater: "any" } },
    { name: "most liked", query: { sort: "liked" } },
    { name: "most liked, 10th page", query: { sort: "liked" }, pages: 10 },
    { name: "top rated", query: { sort: "rated" } },
  ];
  const rows: string[] = [];
  for (const c of cases) {
    // the cursor of the page before the one timed
    let cursor: string | undefined;
    for (let page = 1; page < (c.pages ?? 1); page++)
      cursor =
        (await searchLibrary({ actor, query: { team, ...c.query, cursor } })).nextCursor ??
        undefined;
    const times: number[] = [];
    let found = 0;
    for (let n = 0; n < WARMUP + REQUESTS; n++) {
      const started = process.hrtime.bigint();
      const result = await searchLibrary({ actor, query: { team, ...c.query, cursor } });
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (n >= WARMUP) times.push(ms);
      found = result.clips.length;
    }
    rows.push(
      `| ${c.name} | ${found} | ${fmt(percentile(times, 50))} | ${fmt(percentile(times, 95))} |`,
    );
    say(`${c.name}: p50 ${fmt(percentile(times, 50))} ms, p95 ${fmt(percentile(times, 95))} ms`);
  }

  const section = `## Reactions in a team library (\`npm run bench:reactions\`)

A team of ${MEMBERS} with ${TEAM_CLIPS.toLocaleString("en")} songs; ${counts!.reactions.toLocaleString("en")} reactions in
all (${counts!.team_likes.toLocaleString("en")} likes of the team's songs by its members, the rest other
people's of their own songs). \`searchLibrary\` in process (one page of 24 and its reactions:
counts, names, the reader's own), ${REQUESTS} runs each after ${WARMUP} warm-up runs, on this
machine (shared, 2 cores). Indexes: \`clip_reactions\` primary key (user_id, clip_id) for "liked
by me", \`clip_reactions_clip_id_idx\` for the per-song EXISTS, counts and names.

| query | songs on the page | p50 ms | p95 ms |
| --- | ---: | ---: | ---: |
${rows.join("\n")}
`;
  await writeBenchmarkSection("reactions", section);
} finally {
  await disconnectDb();
  await database.stop();
}
