-- Covering and extending a person's own recording (sunoapi-org: upload-cover, upload-extend).
ALTER TYPE "TaskOperation" ADD VALUE IF NOT EXISTS 'UPLOAD_COVER';
ALTER TYPE "TaskOperation" ADD VALUE IF NOT EXISTS 'UPLOAD_EXTEND';
