-- Takes and the keeper (issue 18, item 2). A stack is one request's takes and the takes of
-- its extensions and whole songs: a clip of an EXTEND or CONCAT task made from one of our
-- clips joins that clip's stack; any other clip starts (or joins) the stack of its own task;
-- a clip without a task is a stack of its own. Covers, replaced sections, added vocals or
-- instrumentals and songs brought forward are new songs: their own stacks, linked in the
-- family tree through parent_clip_id. The stack is stored (set once, when the clip row is
-- written, by the trigger below) so the library groups by an indexed column instead of
-- walking lineage per row.
ALTER TABLE "clips" ADD COLUMN "stack_id" TEXT;

CREATE FUNCTION "clip_stack_id"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.stack_id IS NULL THEN
    IF NEW.task_id IS NOT NULL THEN
      SELECT s.stack_id INTO NEW.stack_id FROM tasks t JOIN clips s ON s.id = t.source_clip_id
        WHERE t.id = NEW.task_id AND t.operation IN ('EXTEND', 'CONCAT');
    END IF;
    NEW.stack_id := coalesce(NEW.stack_id, NEW.task_id, NEW.id);
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "clips_stack_id" BEFORE INSERT ON "clips" FOR EACH ROW EXECUTE FUNCTION "clip_stack_id"();

-- existing clips: their task's stack, then extensions and whole songs follow their source
-- (an extension of an extension needs one more round, so repeat until nothing moves)
UPDATE "clips" SET "stack_id" = coalesce("task_id", "id");
DO $$
DECLARE moved integer;
BEGIN
  FOR round IN 1..50 LOOP
    UPDATE "clips" c SET "stack_id" = s."stack_id"
      FROM "tasks" t JOIN "clips" s ON s."id" = t."source_clip_id"
      WHERE t."id" = c."task_id" AND t."operation" IN ('EXTEND', 'CONCAT')
        AND c."stack_id" IS DISTINCT FROM s."stack_id";
    GET DIAGNOSTICS moved = ROW_COUNT;
    EXIT WHEN moved = 0;
  END LOOP;
END $$;

CREATE INDEX "clips_stack_id_idx" ON "clips"("stack_id");

-- The keeper a person picked for a stack (at most one per stack). Without a row, or while
-- the picked song is in the trash or not in the library looked at, the stack's first take
-- there is its keeper. A purged song's pick goes with it.
CREATE TABLE "take_keepers" (
    "stack_id" TEXT NOT NULL,
    "clip_id" TEXT NOT NULL,
    "picked_by_id" TEXT,
    "picked_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "take_keepers_pkey" PRIMARY KEY ("stack_id")
);
CREATE UNIQUE INDEX "take_keepers_clip_id_key" ON "take_keepers"("clip_id");
ALTER TABLE "take_keepers" ADD CONSTRAINT "take_keepers_clip_id_fkey" FOREIGN KEY ("clip_id") REFERENCES "clips"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "take_keepers" ADD CONSTRAINT "take_keepers_picked_by_id_fkey" FOREIGN KEY ("picked_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
