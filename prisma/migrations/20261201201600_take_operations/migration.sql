-- Music operations that make new takes of a finished clip (issue 16): a cover of it, a
-- replaced section, vocals added to an instrumental, an instrumental added to vocals, and a
-- song on a retired model brought forward to the current one. Each is a task operation with
-- lineage to its source clip (tasks.source_clip_id, clips.parent_clip_id).
ALTER TYPE "TaskOperation" ADD VALUE 'CLIP_COVER';
ALTER TYPE "TaskOperation" ADD VALUE 'REPLACE_SECTION';
ALTER TYPE "TaskOperation" ADD VALUE 'ADD_VOCALS';
ALTER TYPE "TaskOperation" ADD VALUE 'ADD_INSTRUMENTAL';
ALTER TYPE "TaskOperation" ADD VALUE 'BRING_FORWARD';
