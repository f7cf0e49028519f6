// The library query: one workspace's clips, searched and filtered, paged by keyset (never
// OFFSET). Search is Postgres full-text over title, tags, lyrics and description with
// websearch syntax ("phrases", OR, -exclude), prefix matching on the word being typed, and
// pg_trgm similarity on titles so typos still find songs.
import "server-only";

import { requireTeam, type Actor } from "@/lib/authz";
import { onReplica } from "@/lib/db-replicas";
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
 * Where a library's rows come from, each through its own index: a personal library has one
 * branch (the actor's own clips), a team library two (the team's clips, and the clips shared
 * into it, read from the shares). A query runs once per branch and merges the branches' pages,
 * so it never reads the whole workspace before its LIMIT (issue 21; docs/BENCHMARKS.md).
 */
type Branch = { from: Prisma.Sql; scope: Prisma.Sql[] };

/**
 * Which clips a library lists, as SQL on `clips c`: the actor's personal clips, or one team's
 * clips and the clips shared into it, and then only while the actor is in that team (checked
 * here and again inside the query). Only finished songs: a failed take or one still being made
 * is not a song (History and the "Making" strip show those). `scope` is the whole scope as one
 * condition list (for statements over all that match); `branches` is the same split in two.
 */
async function libraryScope(
  actor: Actor,
  teamSlug: string | undefined,
): Promise<{ scope: Prisma.Sql[]; teamId: string | null; branches: Branch[] }> {
  if (!teamSlug) {
    const scope = [
      Prisma.sql`c.owner_id = ${actor.id}`,
      Prisma.sql`c.team_id IS NULL`,
      Prisma.sql`c.trashed_at IS NULL`,
      Prisma.sql`c.status = 'COMPLETE'`,
    ];
    return { teamId: null, scope, branches: [{ from: Prisma.sql`clips c`, scope }] };
  }
  const { team } = await requireTeam(actor, { slug: teamSlug }, "team.view");
  const member = Prisma.sql`EXISTS (SELECT 1 FROM memberships m
      WHERE m.team_id = ${team.id} AND m.user_id = ${actor.id})`;
  const live = [Prisma.sql`c.trashed_at IS NULL`, Prisma.sql`c.status = 'COMPLETE'`];
  const scope = [
    member,
    // the team's clips and the ones shared into it, each found through its own index (an OR
    // of the two made Postgres read every clip: bench:pages, docs/BENCHMARKS.md)
    Prisma.sql`c.id IN (SELECT t.id FROM clips t WHERE t.team_id = ${team.id}
      UNION ALL SELECT s.clip_id FROM team_clip_shares s WHERE s.team_id = ${team.id})`,
    ...live,
  ];
  const branches: Branch[] = [
    { from: Prisma.sql`clips c`, scope: [member, Prisma.sql`c.team_id = ${team.id}`, ...live] },
    {
      // a share of one of the team's own clips is listed once, by the branch above
      from: Prisma.sql`team_clip_shares s JOIN clips c ON c.id = s.clip_id`,
      scope: [
        member,
        Prisma.sql`s.team_id = ${team.id}`,
        Prisma.sql`c.team_id IS DISTINCT FROM ${team.id}`,
        ...live,
      ],
    },
  ];
  return { scope, teamId: team.id, branches };
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

  const { scope, teamId, branches } = await libraryScope(actor, query.team);
  // whose reactions count here: the team's members, or (personal) everyone's on one's own
  const audience = reactionAudience(actor, { teamId });
  // the view's own conditions, beside the scope
  const filters: Prisma.Sql[] = [];
  let fuzzy = false;
  if (search) {
    // Full text first; only when it finds nothing at all does a typo fallback on titles
    // (pg_trgm) take over, so exclusions and prefixes are never overridden. The choice is
    // made per query, not per page, so pages stay consistent. One EXISTS per branch, each on
    // the branch's own index (the workspace-keyed GIN index, or the shares).
    const found = Prisma.join(
      branches.map(
        (b) => Prisma.sql`EXISTS (SELECT 1 FROM ${b.from}
          WHERE ${Prisma.join(b.scope, " AND ")} AND c.search @@ ${search.sql})`,
      ),
      " OR ",
    );
    // Bitmap scans only: an EXISTS tempts Postgres to walk the workspace's rows hoping for an
    // early match, which for a word the workspace lacks reads every row (0.5 s at 100,000
    // clips); the workspace's GIN index answers in what the matches cost.
    const [, , exact] = await onReplica((read) =>
      read.$transaction([
        read.$executeRaw`SET LOCAL enable_indexscan = off`,
        read.$executeRaw`SET LOCAL enable_seqscan = off`,
        read.$queryRaw<{ found: boolean }[]>`SELECT (${found}) AS found`,
      ]),
    );
    fuzzy = !exact[0]?.found && !search.operators && query.q!.length >= 3;
    filters.push(fuzzy ? Prisma.sql`c.title % ${query.q}` : Prisma.sql`c.search @@ ${search.sql}`);
  }
  if (query.model) filters.push(Prisma.sql`c.model = ${query.model}`);
  if (query.creator && query.team) filters.push(Prisma.sql`c.owner_id = ${query.creator}`);
  if (query.kind) filters.push(Prisma.sql`c.is_instrumental = ${query.kind === "instrumental"}`);
  // "liked by me" and "rated by me" read the actor's own reactions (their primary key leads
  // with the user) into an array of ids probed on clips' primary key, so they cost what the
  // actor reacted to, not what the workspace holds. "Anyone" is a lookup per clip (through
  // clip_reactions' clip index) while the branch walks its newest rows: likes by a team are
  // dense enough that the page fills after a few rows.
  const reacted = (condition: Prisma.Sql, anyone: boolean) =>
    anyone
      ? // OFFSET 0 keeps the EXISTS a probe per row: as a semi-join Postgres gathered every
        // matching reaction first (in a team, 31,000 likes at 100,000 clips: 1.3 s; in a
        // personal library, every like in the table: 343 ms at 800,000) to sort them for one
        // page. The probe costs what the branch walks before its page is full.
        Prisma.sql`EXISTS (SELECT 1 FROM clip_reactions r WHERE r.clip_id = c.id
          AND ${condition} AND ${audience} OFFSET 0)`
      : Prisma.sql`c.id = ANY (ARRAY(SELECT r.clip_id FROM clip_reactions r
          WHERE r.user_id = ${actor.id} AND ${condition}))`;
  if (query.liked) filters.push(reacted(Prisma.sql`r.liked`, query.liked === "any"));
  if (query.rated)
    filters.push(reacted(Prisma.sql`r.rating >= ${Number(query.rated)}`, query.rater === "any"));
  if (query.min) filters.push(Prisma.sql`c.duration >= ${Number(query.min)}`);
  if (query.max) filters.push(Prisma.sql`c.duration <= ${Number(query.max)}`);
  if (query.from) filters.push(Prisma.sql`c.created_at >= ${query.from}::date`);
  if (query.to) filters.push(Prisma.sql`c.created_at < ${query.to}::date + 1`);
  if (query.keepers) filters.push(keeperCondition(actor, teamId));
  if (query.stack) filters.push(Prisma.sql`c.stack_id = ${query.stack}`);
  if (extra) filters.push(extra(audience));

  const where = [...scope, ...filters];
  return { search, scope, teamId, audience, where, fuzzy, branches, filters };
}

/**
 * "Best match" ranks a bounded candidate set: the newest BEST_WINDOW matches, by rank, then
 * any older matches newest first. Ranking every match of a common word costs what the
 * workspace holds (12,000 matches of "ocean" in a 100,000-clip team); this costs the window.
 */
export const BEST_WINDOW = 200;

/** a date as a sort value below 1 (ranked rows are 1 + rank): newer is larger, to the ms */
const DATE_VALUE = Prisma.sql`(extract(epoch FROM c.created_at) / 1e10)::float8`;

export async function searchLibrary(options: {
  actor: Actor;
  query: LibraryQuery;
  limit?: number;
  extra?: (audience: Prisma.Sql) => Prisma.Sql;
  /** each stack of takes once (the library's view); false: every song (the API, playlists) */
  stacked?: boolean;
}) {
  const { actor, query, extra, stacked = true } = options;
  const limit = Math.min(options.limit ?? PAGE_SIZE, 100);
  const { search, teamId, audience, fuzzy, branches, filters } = await libraryConditions({
    actor,
    query,
    extra,
  });
  const sort = query.sort ?? (search ? "best" : "newest");
  // each stack of takes once, its keeper (or its best match) on top; an opened stack and
  // "keepers only" list single songs already
  if (stacked && !query.stack && !query.keepers)
    filters.push(stackTopCondition(actor, teamId, [...filters]));

  const rank = !search
    ? Prisma.sql`0::float8`
    : fuzzy
      ? Prisma.sql`similarity(c.title, ${query.q})::float8`
      : Prisma.sql`ts_rank_cd(c.search, ${search.sql})::float8`;
  const key = {
    newest: { value: Prisma.sql`c.created_at`, dir: "DESC" },
    oldest: { value: Prisma.sql`c.created_at`, dir: "ASC" },
    longest: { value: Prisma.sql`coalesce(c.duration, -1)`, dir: "DESC" },
    best: { value: Prisma.sql`(1 + ${rank})::float8`, dir: "DESC" },
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
  const byDate = sort === "newest" || sort === "oldest";
  if (cursor && byDate !== (typeof cursor.v === "string"))
    throw new AppError("BAD_REQUEST", "That page belongs to another sort order; reload the list.");
  const cursorValue = !cursor
    ? null
    : byDate
      ? Prisma.sql`${new Date(String(cursor.v))}::timestamptz`
      : Prisma.sql`${Number(cursor.v)}::float8`;
  const direction = Prisma.raw(key.dir);
  const after = (value: Prisma.Sql, dir: string) =>
    cursor
      ? dir === "DESC"
        ? Prisma.sql`(${value}, c.id) < (${cursorValue}, ${cursor.id})`
        : Prisma.sql`(${value}, c.id) > (${cursorValue}, ${cursor.id})`
      : Prisma.sql`TRUE`;
  const newestFirst = Prisma.sql`c.created_at DESC, c.id DESC`;

  // One page of one branch: its own ORDER BY and LIMIT, so each reads through its own index
  // and stops early; the branches' pages are merged below.
  type Part = { where: Prisma.Sql[]; value: Prisma.Sql; order: Prisma.Sql };
  const select = (
    branch: Branch,
    part: Part,
  ) => Prisma.sql`(SELECT c.id, ${part.value} AS sort_value
    FROM ${branch.from} ${aggregate}
    WHERE ${Prisma.join([...branch.scope, ...filters, ...part.where], " AND ")}
    ORDER BY ${part.order} LIMIT ${limit + 1})`;

  let parts: Part[] = [
    {
      where: [after(key.value, key.dir)],
      value: key.value,
      order: Prisma.sql`${key.value} ${direction}, c.id ${direction}`,
    },
  ];
  if (sort === "best" && search) {
    // the window's edge: the BEST_WINDOW-th newest match (none when there are fewer)
    const newest = Prisma.join(
      branches.map(
        (b) => Prisma.sql`(SELECT c.created_at, c.id FROM ${b.from}
          WHERE ${Prisma.join([...b.scope, ...filters], " AND ")}
          ORDER BY ${newestFirst} LIMIT ${BEST_WINDOW})`,
      ),
      " UNION ALL ",
    );
    const [edge] = await onReplica(
      (read) => read.$queryRaw<{ created_at: Date; id: string }[]>`
      SELECT w.created_at, w.id FROM (${newest}) w
      ORDER BY w.created_at DESC, w.id DESC OFFSET ${BEST_WINDOW - 1} LIMIT 1`,
    );
    if (edge) {
      const edgeKey = Prisma.sql`(${edge.created_at}::timestamptz, ${edge.id})`;
      const inWindow = cursor === null || Number(cursor.v) >= 1;
      const older: Part = {
        where: [
          Prisma.sql`(c.created_at, c.id) < ${edgeKey}`,
          ...(cursor && !inWindow
            ? [
                // the index's own terms first, then the exact tuple
                Prisma.sql`c.created_at <= to_timestamp(${Number(cursor.v)}::float8 * 1e10)
                  + interval '1 millisecond'`,
                after(DATE_VALUE, "DESC"),
              ]
            : []),
        ],
        value: DATE_VALUE,
        order: newestFirst,
      };
      parts = [
        ...(inWindow
          ? [
              {
                ...parts[0]!,
                where: [...parts[0]!.where, Prisma.sql`(c.created_at, c.id) >= ${edgeKey}`],
              },
            ]
          : []),
        older,
      ];
    }
  }
  const branchPages = Prisma.join(
    branches.flatMap((b) => parts.map((part) => select(b, part))),
    " UNION ALL ",
  );

  // the page first, then each of its rows' columns and reactions (by primary key and through
  // clip_reactions' clip index)
  const rows = await onReplica(
    (read) => read.$queryRaw<(LibraryClip & { sort_value: string | number | Date })[]>`
    WITH hits AS (SELECT h.id, h.sort_value FROM (${branchPages}) h
      ORDER BY h.sort_value ${direction}, h.id ${direction} LIMIT ${limit + 1}),
    page AS (SELECT c.id, c.title, c.tags, c.duration, c.model, c.status::text AS status,
      c.is_instrumental AS "isInstrumental", (c.image_url IS NOT NULL) AS "hasCover",
      (c.archive_status = 'ARCHIVED') AS archived, c.created_at AS "createdAt",
      u.name AS creator, (c.owner_id = ${actor.id}) AS "isOwner", c.task_id AS "taskId",
      coalesce(c.stack_id, c.id) AS "stackId",
      CASE WHEN c.task_id IS NULL THEN 1 ELSE (SELECT count(*)::int FROM clips t
        WHERE t.task_id = c.task_id AND (t.created_at, t.id) <= (c.created_at, c.id)) END AS take,
      CASE WHEN c.task_id IS NULL THEN 1
        ELSE (SELECT count(*)::int FROM clips t WHERE t.task_id = c.task_id) END AS takes,
      hits.sort_value
    FROM hits JOIN clips c ON c.id = hits.id JOIN users u ON u.id = c.owner_id)
    SELECT page.*, rx.*, st.* FROM page ${reactionColumns(actor, audience, Prisma.sql`page.id`)}
      ${stackColumns(actor, teamId)}
    ORDER BY page.sort_value ${direction}, page.id ${direction}`,
  );

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

/**
 * The distinct models of one branch's clips, by a skip scan over its (workspace, model) index:
 * one index probe per model, instead of reading every clip of the workspace (a 100,000-clip
 * team's menu took 0.2-0.4 s so).
 */
function modelsOf(where: Prisma.Sql) {
  return Prisma.sql`(WITH RECURSIVE m(model) AS (
      SELECT min(c.model) FROM clips c WHERE ${where} AND c.model IS NOT NULL
      UNION ALL
      SELECT (SELECT min(c.model) FROM clips c WHERE ${where} AND c.model > m.model)
      FROM m WHERE m.model IS NOT NULL)
    SELECT model FROM m WHERE model IS NOT NULL)`;
}

export async function libraryModels({
  actor,
  team,
}: {
  actor: Actor;
  team?: string;
}): Promise<string[]> {
  if (team) {
    const { team: found } = await requireTeam(actor, { slug: team }, "team.view");
    const member = Prisma.sql`EXISTS (SELECT 1 FROM memberships m
      WHERE m.team_id = ${found.id} AND m.user_id = ${actor.id})`;
    // the team's own clips through clips_team_id_model_created_at_id_idx, the shared ones
    // through the shares
    const rows = await onReplica(
      (read) => read.$queryRaw<{ model: string }[]>`
      SELECT model FROM ${modelsOf(Prisma.sql`c.team_id = ${found.id} AND c.trashed_at IS NULL
        AND c.status = 'COMPLETE'`)} t
      WHERE ${member}
      UNION
      SELECT c.model FROM team_clip_shares s JOIN clips c ON c.id = s.clip_id
      WHERE s.team_id = ${found.id} AND c.trashed_at IS NULL AND c.status = 'COMPLETE'
        AND c.model IS NOT NULL AND ${member}
      ORDER BY 1`,
    );
    return rows.map((r) => r.model);
  }
  const rows = await onReplica(
    (read) => read.$queryRaw<{ model: string }[]>`
    SELECT model FROM ${modelsOf(Prisma.sql`c.owner_id = ${actor.id} AND c.team_id IS NULL
      AND c.trashed_at IS NULL AND c.status = 'COMPLETE'`)} p ORDER BY 1`,
  );
  return rows.map((r) => r.model);
}
