-- Songs a provider delivers after Chorus ended their task (timed out or failed, refunded):
-- the songs are kept and the refund stands; the task records when they arrived.
ALTER TABLE "tasks" ADD COLUMN "arrived_late_at" TIMESTAMPTZ(3);
