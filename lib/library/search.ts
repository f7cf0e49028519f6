// The library query: one workspace's clips, searched and filtered, paged by keyset (never
// OFFSET). Search is Postgres full-text over title, tags, lyrics and description with
// websearch syntax ("phrases", OR, -exclude), prefix matching on the word being typed, and
// pg_trgm similarity on titles so typos still find songs.
import "server-only";

import { requireTeam, type Actor } from "@/lib/authz";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import {
  decodeCursor as decode,
  encodeCursor as encode,
  PAGE_SIZE,
  type LibraryQuery,
} from "@/lib/library/query";
import { reactionAudience, reactionColumns, type ReactionSummary } from "@/lib/library/reactions";
import {
  keeperCondition,
  stackColumns,
  stackTopCondition,
  type StackColumns,
} from "@/lib/library/stacks";

export { libraryQuerySchema, PAGE_SIZE, SORTS, type LibraryQuery } from "@/lib/library/query";

export type LibraryClip = {
  id: string;
  title: string;
  tags: string;
  duration: number | null;
  model: string | null;
  status: string;
  isInstrumental: boolean;
  hasCover: boolean;
  archived: boolean;
  createdAt: Date;
  creator: string | null;
  /** the actor owns it (likes and the trash are the owner's) */
  isOwner: boolean;
  /** the request that made it, and which of its takes this is (1-based, oldest first) */
  taskId: string | null;
  take: number;
  takes: number;
} & ReactionSummary &
  StackColumns;

/** Plain words → "w1 & w2 & last:*" (prefix on the word being typed); operators → websearch. */
export function buildTsQuery(q: string): { sql: Prisma.Sql; terms: string[]; operators: boolean } {
  const terms = [...q.toLowerCase().matchAll(/[\p{L}\p{N}']+/gu)]
    .map((m) => m[0].replaceAll("'", ""))
    .filter(Boolean);
  const operators = /"|\bor\b|(^|\s)-\S/i.test(q);
  if (operators || terms.length === 0)
    return { sql: Prisma.sql`websearch_to_tsquery('english', ${q})`, terms, operators: true };
  const typing = !/\s$/.test(q);
  const parts = terms.map((term, i) => (typing && i === terms.length - 1 ? `${term}:*` : term));
  return { sql: Prisma.sql`to_tsquery('english', ${parts.join(" & ")})`, terms, operators: false };
}

/**
 * Which clips a library lists, as SQL on `clips c`: the actor's personal clips, or one team's
 * clips and the clips shared into it, and then only while the actor is in that team (checked
 * here and again inside the query). Only finished songs: a failed take or one still being made
 * is not a song (History and the "Making" strip show those).
 */
async function libraryScope(
  actor: Actor,
  teamSlug: string | undefined,
): Promise<{ scope: Prisma.Sql[]; teamId: string | null }> {
  if (!teamSlug)
    return {
      teamId: null,
      scope: [
        Prisma.sql`c.owner_id = ${actor.id}`,
        Prisma.sql`c.team_id IS NULL`,
        Prisma.sql`c.trashed_at IS NULL`,
        Prisma.sql`c.status = 'COMPLETE'`,
      ],
    };
  const { team } = await requireTeam(actor, { slug: teamSlug }, "team.view");
  const scope = [
    Prisma.sql`EXISTS (SELECT 1 FROM memberships m
      WHERE m.team_id = ${team.id} AND m.user_id = ${actor.id})`,
    // the team's clips and the ones shared into it, each found through its own index (an OR
    // of the two made Postgres read every clip: bench:pages, docs/BENCHMARKS.md)
    Prisma.sql`c.id IN (SELECT t.id FROM clips t WHERE t.team_id = ${team.id}
      UNION ALL SELECT s.clip_id FROM team_clip_shares s WHERE s.team_id = ${team.id})`,
    Prisma.sql`c.trashed_at IS NULL`,
    Prisma.sql`c.status = 'COMPLETE'`,
  ];
  return { scope, teamId: team.id };
}

/**
 * The SQL conditions on `clips c` of one library view (its scope, search and filters, not its
 * order or page): the list pages by them, and a bulk action over "all that match" acts on them.
 */
export async function libraryConditions({
  actor,
  query,
  extra,
}: {
  actor: Actor;
  query: LibraryQuery;
  /** more conditions on `clips c` (a smart playlist's rules), given the view's audience SQL */
  extra?: (audience: Prisma.Sql) => Prisma.Sql;
}) {
  const search = query.q ? buildTsQuery(query.q) : null;

  const { scope, teamId } = await libraryScope(actor, query.team);
  // whose reactions count here: the team's members, or (personal) everyone's on one's own
  const audience = reactionAudience(actor, { teamId });
  const where: Prisma.Sql[] = [...scope];
  let fuzzy = false;
  if (search) {
    // Full text first; only when it finds nothing at all does a typo fallback on titles
    // (pg_trgm) take over, so exclusions and prefixes are never overridden. The choice is
    // made per query, not per page, so pages stay consistent.
    const exact = await db.$queryRaw<
      { found: boolean }[]
    >`SELECT EXISTS (SELECT 1 FROM clips c WHERE ${Prisma.join(scope, " AND ")} AND c.search @@ ${search.sql}) AS found`;
    fuzzy = !exact[0]?.found && !search.operators && query.q!.length >= 3;
    where.push(fuzzy ? Prisma.sql`c.title % ${query.q}` : Prisma.sql`c.search @@ ${search.sql}`);
  }
  if (query.model) where.push(Prisma.sql`c.model = ${query.model}`);
  if (query.creator && query.team) where.push(Prisma.sql`c.owner_id = ${query.creator}`);
  if (query.kind) where.push(Prisma.sql`c.is_instrumental = ${query.kind === "instrumental"}`);
  if (query.liked)
    where.push(Prisma.sql`EXISTS (SELECT 1 FROM clip_reactions r WHERE r.clip_id = c.id
      AND r.liked AND ${query.liked === "any" ? audience : Prisma.sql`r.user_id = ${actor.id}`})`);
  if (query.rated)
    where.push(Prisma.sql`EXISTS (SELECT 1 FROM clip_reactions r WHERE r.clip_id = c.id
      AND r.rating >= ${Number(query.rated)}
      AND ${query.rater === "any" ? audience : Prisma.sql`r.user_id = ${actor.id}`})`);
  if (query.min) where.push(Prisma.sql`c.duration >= ${Number(query.min)}`);
  if (query.max) where.push(Prisma.sql`c.duration <= ${Number(query.max)}`);
  if (query.from) where.push(Prisma.sql`c.created_at >= ${query.from}::date`);
  if (query.to) where.push(Prisma.sql`c.created_at < ${query.to}::date + 1`);
  if (query.keepers) where.push(keeperCondition(actor, teamId));
  if (query.stack) where.push(Prisma.sql`c.stack_id = ${query.stack}`);
  if (extra) where.push(extra(audience));

  return { search, scope, teamId, audience, where, fuzzy };
}

export async function searchLibrary(options: {
  actor: Actor;
  query: LibraryQuery;
  limit?: number;
  extra?: (audience: Prisma.Sql) => Prisma.Sql;
}) {
  const { actor, query, extra } = options;
  const limit = Math.min(options.limit ?? PAGE_SIZE, 100);
  const { search, scope, teamId, audience, where, fuzzy } = await libraryConditions({
    actor,
    query,
    extra,
  });
  const sort = query.sort ?? (search ? "best" : "newest");
  // each stack of takes once, its keeper (or its best match) on top; an opened stack and
  // "keepers only" list single songs already
  if (!query.stack && !query.keepers)
    where.push(stackTopCondition(actor, teamId, where.slice(scope.length)));

  const rank = !search
    ? Prisma.sql`0::float8`
    : fuzzy
      ? Prisma.sql`similarity(c.title, ${query.q})::float8`
      : Prisma.sql`ts_rank_cd(c.search, ${search.sql})::float8`;
  const key = {
    newest: { value: Prisma.sql`c.created_at`, dir: "DESC" },
    oldest: { value: Prisma.sql`c.created_at`, dir: "ASC" },
    longest: { value: Prisma.sql`coalesce(c.duration, -1)`, dir: "DESC" },
    best: { value: rank, dir: "DESC" },
    liked: { value: Prisma.sql`coalesce(agg.likes, 0)::float8`, dir: "DESC" },
    rated: { value: Prisma.sql`coalesce(agg.rating, 0)::float8`, dir: "DESC" },
  }[sort];
  // "most liked" and "top rated" rank by the audience's reactions, aggregated once for the
  // scope: the team members' reactions, or those on one's own personal clips
  const byReactions = sort === "liked" || sort === "rated";
  const aggregate = !byReactions
    ? Prisma.empty
    : Prisma.sql`LEFT JOIN (SELECT r.clip_id, count(*) FILTER (WHERE r.liked) AS likes,
        avg(r.rating) AS rating FROM clip_reactions r
        WHERE ${
          teamId
            ? audience
            : Prisma.sql`r.clip_id IN (SELECT o.id FROM clips o
                WHERE o.owner_id = ${actor.id} AND o.team_id IS NULL)`
        }
        GROUP BY r.clip_id) agg ON agg.clip_id = c.id`;

  const cursor = decode(query.cursor);
  if (query.cursor && !cursor)
    throw new AppError("BAD_REQUEST", "That page of the list is not valid.");
  if (cursor) {
    const byDate = sort === "newest" || sort === "oldest";
    if (byDate !== (typeof cursor.v === "string"))
      throw new AppError(
        "BAD_REQUEST",
        "That page belongs to another sort order; reload the list.",
      );
    const value = byDate
      ? Prisma.sql`${new Date(String(cursor.v))}::timestamptz`
      : Prisma.sql`${Number(cursor.v)}::float8`;
    where.push(
      key.dir === "DESC"
        ? Prisma.sql`(${key.value}, c.id) < (${value}, ${cursor.id})`
        : Prisma.sql`(${key.value}, c.id) > (${value}, ${cursor.id})`,
    );
  }

  const direction = Prisma.raw(key.dir);
  // A search reads the library's own rows first (OFFSET 0 keeps the planner from flattening
  // the subquery): left to itself, Postgres sometimes intersects the scope with every match
  // of the word in the whole table's GIN index, ~70 ms at 1M clips instead of ~10 (measured
  // by `npm run bench:library`, docs/BENCHMARKS.md). Lists keep their keyset index.
  const source = search
    ? Prisma.sql`(SELECT * FROM clips c WHERE ${Prisma.join(scope, " AND ")} OFFSET 0)`
    : Prisma.sql`clips`;
  // the page first, then each of its rows' reactions (through clip_reactions' clip index)
  const rows = await db.$queryRaw<(LibraryClip & { sort_value: string | number | Date })[]>`
    WITH page AS (SELECT c.id, c.title, c.tags, c.duration, c.model, c.status::text AS status,
      c.is_instrumental AS "isInstrumental", (c.image_url IS NOT NULL) AS "hasCover",
      (c.archive_status = 'ARCHIVED') AS archived, c.created_at AS "createdAt",
      u.name AS creator, (c.owner_id = ${actor.id}) AS "isOwner", c.task_id AS "taskId",
      coalesce(c.stack_id, c.id) AS "stackId",
      CASE WHEN c.task_id IS NULL THEN 1 ELSE (SELECT count(*)::int FROM clips t
        WHERE t.task_id = c.task_id AND (t.created_at, t.id) <= (c.created_at, c.id)) END AS take,
      CASE WHEN c.task_id IS NULL THEN 1
        ELSE (SELECT count(*)::int FROM clips t WHERE t.task_id = c.task_id) END AS takes,
      ${key.value} AS sort_value
    FROM ${source} c JOIN users u ON u.id = c.owner_id ${aggregate}
    WHERE ${Prisma.join(where, " AND ")}
    ORDER BY ${key.value} ${direction}, c.id ${direction}
    LIMIT ${limit + 1})
    SELECT page.*, rx.*, st.* FROM page ${reactionColumns(actor, audience, Prisma.sql`page.id`)}
      ${stackColumns(actor, teamId)}
    ORDER BY page.sort_value ${direction}, page.id ${direction}`;

  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const nextCursor =
    rows.length > limit && last
      ? encode({
          v: last.sort_value instanceof Date ? last.sort_value.toISOString() : last.sort_value,
          id: last.id,
        })
      : null;
  return {
    clips: page.map(({ sort_value: _omit, ...clip }) => clip),
    nextCursor,
    terms: search?.terms ?? [],
    sort,
    fuzzy,
  };
}

export async function libraryModels({
  actor,
  team,
}: {
  actor: Actor;
  team?: string;
}): Promise<string[]> {
  if (team) {
    // The team scope's OR (the team's clips, or clips shared into it) makes Postgres read
    // every clip; two branches that each use an index answer the same (docs/BENCHMARKS.md,
    // bench:pages: 0.5 s at 100,000 clips before).
    const { team: found } = await requireTeam(actor, { slug: team }, "team.view");
    const member = Prisma.sql`EXISTS (SELECT 1 FROM memberships m
      WHERE m.team_id = ${found.id} AND m.user_id = ${actor.id})`;
    const rows = await db.$queryRaw<{ model: string }[]>`
      SELECT c.model FROM clips c
      WHERE c.team_id = ${found.id} AND c.trashed_at IS NULL AND c.model IS NOT NULL AND ${member}
      UNION
      SELECT c.model FROM team_clip_shares s JOIN clips c ON c.id = s.clip_id
      WHERE s.team_id = ${found.id} AND c.trashed_at IS NULL AND c.model IS NOT NULL AND ${member}
      ORDER BY 1`;
    return rows.map((r) => r.model);
  }
  const { scope } = await libraryScope(actor, team);
  const rows = await db.$queryRaw<
    { model: string }[]
  >`SELECT DISTINCT c.model FROM clips c WHERE ${Prisma.join(scope, " AND ")} AND c.model IS NOT NULL ORDER BY c.model`;
  return rows.map((r) => r.model);
}
