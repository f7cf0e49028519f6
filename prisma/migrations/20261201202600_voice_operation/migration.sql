-- A voice (sunoapi-org persona) made from a 10-30 s window of a song (issue 16): a task
-- operation answered at once, kept with its song as the clip asset of kind `voice` (its
-- provider's persona id, name and window in `data`), so voices are scoped like their songs.
ALTER TYPE "TaskOperation" ADD VALUE 'VOICE';
