// The media archive with MEDIA_STORAGE=s3: the same archive → serve suite as on local disk,
// the store chosen from the environment (as in production) and running over HTTP
// (s3rver behind a SigV4-checking front, tests/support/s3-server.ts).
import { readdirSync } from "node:fs";

import { afterAll, expect, it } from "vitest";

import { getEnv } from "@/lib/env";
import { getMediaStorage } from "@/lib/media/config";
import { S3Storage } from "@/lib/media/s3";

import { S3_TEST_CREDENTIALS, startS3Server } from "../support/s3-server";
import { describeArchiveAndServe } from "./media-archive-suite";

const s3 = await startS3Server();
Object.assign(process.env, {
  MEDIA_STORAGE: "s3",
  S3_ENDPOINT: s3.endpoint,
  S3_BUCKET: s3.bucket,
  S3_ACCESS_KEY_ID: S3_TEST_CREDENTIALS.accessKeyId,
  S3_SECRET_ACCESS_KEY: S3_TEST_CREDENTIALS.secretAccessKey,
  S3_FORCE_PATH_STYLE: "true",
  S3_PREFIX: "media/",
});
afterAll(() => s3.stop());

it("takes the S3 store from the environment", () => {
  expect(getEnv().media).toMatchObject({
    kind: "s3",
    bucket: s3.bucket,
    region: "us-east-1",
    forcePathStyle: true,
    prefix: "media/",
  });
  expect(getMediaStorage()).toBeInstanceOf(S3Storage);
});

describeArchiveAndServe("S3", () => s3.objectKeys().map((key) => key.replace(/^media\//, "")));

it("wrote nothing to local disk and left no multipart upload behind", () => {
  expect(readdirSync(process.env.MEDIA_DIR!)).toEqual([]);
  expect(s3.pendingUploads()).toEqual([]);
  expect(
    s3.requests.some((r) => r.method === "PUT" && r.path.startsWith(`/${s3.bucket}/media/clips/`)),
  ).toBe(true);
});
