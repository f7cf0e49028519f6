// The family tree of a song (issue 18, item 6): where it came from and what was made from it,
// through `clips.parent_clip_id` (set on ingest for extensions, whole songs and every new take:
// covers, replaced sections, added vocals or instrumentals, songs brought forward). The walk is
// two recursive CTEs on the parent index (up to the first song, then down), bounded in depth
// and size. A song the reader may not see keeps its place only when something below it is
// visible, and then as "not visible to you": no title, no id, no link.
import "server-only";

import { clipsVisibleTo, type Actor } from "@/lib/authz";
import type { Db } from "@/lib/db";
import { onReplica } from "@/lib/db-replicas";
import { Prisma } from "@/lib/generated/prisma/client";

const MAX_DEPTH = 40;
const MAX_NODES = 300;

export type FamilyNode = {
  /** stable within one tree; a clip id only where the reader may see the song */
  key: string;
  id: string | null;
  title: string | null;
  /** how it was made: "Original", "Extension", "Whole song", "Cover", … */
  kind: string;
  /** "Take 2 of 2" among its request's songs, when the request made more than one */
  take: string | null;
  isKeeper: boolean;
  isCurrent: boolean;
  children: FamilyNode[];
};

const KIND: Record<string, string> = {
  EXTEND: "Extension",
  UPLOAD_EXTEND: "Extension",
  CONCAT: "Whole song",
  CLIP_COVER: "Cover",
  UPLOAD_COVER: "Cover",
  REPLACE_SECTION: "Replaced section",
  ADD_VOCALS: "Vocals added",
  ADD_INSTRUMENTAL: "Instrumental added",
  BRING_FORWARD: "Remaster (brought forward)",
};

type Row = {
  id: string;
  parent: string | null;
  title: string;
  operation: string | null;
  clipType: string | null;
  take: number;
  takes: number;
  isKeeper: boolean;
  createdAt: Date;
};

/** The tree the clip belongs to, or null when it has no relatives at all. */
export async function getClipFamily({
  actor,
  clipId,
}: {
  actor: Actor;
  clipId: string;
}): Promise<FamilyNode[] | null> {
  return onReplica((read) => familyOf(read, actor, clipId));
}

async function familyOf(read: Db, actor: Actor, clipId: string): Promise<FamilyNode[] | null> {
  const rows = await read.$queryRaw<Row[]>`
    WITH RECURSIVE up(id, parent, depth) AS (
      SELECT id, parent_clip_id, 0 FROM clips WHERE id = ${clipId}
      UNION ALL
      SELECT p.id, p.parent_clip_id, up.depth + 1 FROM clips p JOIN up ON p.id = up.parent
      WHERE up.depth < ${MAX_DEPTH}
    ),
    root AS (SELECT c.id, c.task_id, c.parent_clip_id FROM up JOIN clips c ON c.id = up.id
      ORDER BY up.depth DESC LIMIT 1),
    -- the first song's request may have made more than one take: each is a root
    roots AS (SELECT c.id FROM root r JOIN clips c ON c.id = r.id
        OR (r.task_id IS NOT NULL AND c.task_id = r.task_id AND c.parent_clip_id IS NULL)),
    down(id, depth) AS (
      SELECT id, 0 FROM roots
      UNION
      SELECT c.id, d.depth + 1 FROM clips c JOIN down d ON c.parent_clip_id = d.id
      WHERE d.depth < ${MAX_DEPTH}
    )
    SELECT n.id, n.parent_clip_id AS parent, n.title, t.operation::text AS operation,
      n.clip_type AS "clipType", n.created_at AS "createdAt",
      CASE WHEN n.task_id IS NULL THEN 1 ELSE (SELECT count(*)::int FROM clips s
        WHERE s.task_id = n.task_id AND (s.created_at, s.id) <= (n.created_at, n.id)) END AS take,
      CASE WHEN n.task_id IS NULL THEN 1
        ELSE (SELECT count(*)::int FROM clips s WHERE s.task_id = n.task_id) END AS takes,
      (n.id = (SELECT s.id FROM clips s LEFT JOIN take_keepers k ON k.clip_id = s.id
        WHERE s.stack_id = n.stack_id AND s.status = 'COMPLETE' AND s.trashed_at IS NULL
        ORDER BY (k.clip_id IS NULL), s.created_at, s.id LIMIT 1))
      -- a song alone in its stack has no keeper to mark
      AND (SELECT count(*) FROM clips s WHERE s.stack_id = n.stack_id AND s.status = 'COMPLETE'
        AND s.trashed_at IS NULL) > 1 AS "isKeeper"
    FROM (SELECT DISTINCT id FROM down) d JOIN clips n ON n.id = d.id
    LEFT JOIN tasks t ON t.id = n.task_id
    WHERE n.status = 'COMPLETE' OR n.id = ${clipId}
    ORDER BY n.created_at, n.id
    LIMIT ${Prisma.raw(String(MAX_NODES))}`;
  if (rows.length <= 1) return null;
  const visible = new Set(
    (
      await read.clip.findMany({
        where: { id: { in: rows.map((r) => r.id) }, trashedAt: null, ...clipsVisibleTo(actor) },
        select: { id: true },
      })
    ).map((c) => c.id),
  );
  visible.add(clipId); // the page checked the reader sees it (a trashed one shows to its owner)
  return buildTree(rows, visible, clipId);
}

/** Rows (oldest first) into a forest; hidden songs stay only as the way to a visible one. */
export function buildTree(rows: Row[], visible: Set<string>, currentId: string): FamilyNode[] {
  const ids = new Set(rows.map((r) => r.id));
  const childrenOf = new Map<string | null, Row[]>();
  for (const row of rows) {
    const parent = row.parent && ids.has(row.parent) ? row.parent : null;
    childrenOf.set(parent, [...(childrenOf.get(parent) ?? []), row]);
  }
  let hidden = 0;
  const toNode = (row: Row): FamilyNode | null => {
    const children = (childrenOf.get(row.id) ?? []).flatMap((r) => toNode(r) ?? []);
    const seen = visible.has(row.id);
    if (!seen && children.length === 0) return null;
    const kind = KIND[row.operation ?? ""] ?? (row.clipType === "concat" ? "Whole song" : null);
    return {
      key: seen ? row.id : `hidden-${++hidden}`,
      id: seen ? row.id : null,
      title: seen ? row.title || "Untitled" : null,
      kind: seen ? (kind ?? (row.parent ? "Take" : "Original")) : "Not visible to you",
      take: seen && row.takes > 1 ? `Take ${row.take} of ${row.takes}` : null,
      isKeeper: seen && row.isKeeper,
      isCurrent: row.id === currentId,
      children,
    };
  };
  return (childrenOf.get(null) ?? []).flatMap((r) => toNode(r) ?? []);
}
