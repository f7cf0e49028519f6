// A real S3-compatible server for the tests, over HTTP on loopback: s3rver (a maintained-enough
// fake S3 that stores objects on disk and implements PUT, HEAD, GET with Range, DELETE and
// multipart create/part/complete) behind a thin front of our own that adds what s3rver lacks:
//   - SigV4 verification (s3rver only checks that the access key exists): every request must
//     carry a valid AWS4-HMAC-SHA256 signature for our credentials, computed here independently;
//   - AbortMultipartUpload (DELETE ?uploadId=…), which s3rver answers 405;
//   - fault injection (a 500 for chosen requests), and a log of the requests it served.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

import S3rver from "s3rver";

export const S3_TEST_CREDENTIALS = {
  accessKeyId: "S3RVER",
  secretAccessKey: "test-secret-do-not-log-0123456789",
};

export type S3Request = { method: string; path: string; query: URLSearchParams };

export type TestS3Server = {
  endpoint: string;
  bucket: string;
  directory: string;
  requests: S3Request[];
  /** answer 500 to requests matching this, until cleared */
  failWhen(predicate: ((request: S3Request) => boolean) | null): void;
  /** multipart uploads started and neither completed nor aborted */
  pendingUploads(): string[];
  /** every object key in the bucket, straight from s3rver's folder */
  objectKeys(): string[];
  /** bytes of multipart parts received so far and not yet assembled */
  partBytes(): number;
  stop(): Promise<void>;
};

const hmac = (key: Buffer | string, data: string) =>
  createHmac("sha256", key).update(data).digest();
const rfc3986 = (s: string) =>
  encodeURIComponent(s).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );

/** null when the request is signed correctly, else why not */
function checkSignature(
  req: IncomingMessage,
  url: URL,
  secret: string,
  accessKeyId: string,
): string | null {
  const auth = req.headers.authorization ?? "";
  const match =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(
      auth,
    );
  if (!match) return "no AWS4-HMAC-SHA256 Authorization header";
  const [, keyId, date, region, signedHeaders, signature] = match as unknown as string[];
  if (keyId !== accessKeyId) return "unknown access key";
  const amzDate = String(req.headers["x-amz-date"] ?? "");
  const payloadHash = String(req.headers["x-amz-content-sha256"] ?? "");
  if (!amzDate.startsWith(date!) || !payloadHash)
    return "x-amz-date or x-amz-content-sha256 missing";
  const names = signedHeaders!.split(";");
  if (!names.includes("host") || !names.includes("x-amz-date"))
    return "host and x-amz-date must be signed";
  const query = [...url.searchParams]
    .map(([k, v]) => [rfc3986(k), rfc3986(v)] as const)
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0));
  const canonical = [
    req.method,
    url.pathname,
    query.map(([k, v]) => `${k}=${v}`).join("&"),
    ...names.map(
      (name) =>
        `${name}:${String(req.headers[name] ?? "")
          .trim()
          .replace(/\s+/g, " ")}`,
    ),
    "",
    signedHeaders,
    payloadHash,
  ].join("\n");
  const scope = `${date}/${region}/s3/aws4_request`;
  const toSign = [
    "AWS4-HMAC-SHA256",
    amzDate,
    scope,
    createHash("sha256").update(canonical).digest("hex"),
  ].join("\n");
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, date!), region!), "s3"), "aws4_request");
  const expected = hmac(key, toSign);
  return timingSafeEqual(expected, Buffer.from(signature!, "hex"))
    ? null
    : "signature does not match";
}

function xmlError(res: ServerResponse, status: number, code: string, message: string) {
  res
    .writeHead(status, { "content-type": "application/xml" })
    .end(
      `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`,
    );
}

export async function startS3Server(bucket = "chorus-media"): Promise<TestS3Server> {
  const directory = mkdtempSync(path.join(tmpdir(), "chorus-s3-"));
  const s3rver = new S3rver({
    directory,
    silent: true,
    configureBuckets: [{ name: bucket }],
    vhostBuckets: false,
  });
  await s3rver.configureBuckets();
  const handle = s3rver.callback();
  const uploadsDir = () => s3rver.store.getResourcePath(bucket, undefined, "uploads");
  const requests: S3Request[] = [];
  let failing: ((request: S3Request) => boolean) | null = null;

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://s3.test");
    const request = {
      method: req.method ?? "GET",
      path: decodeURIComponent(url.pathname),
      query: url.searchParams,
    };
    requests.push(request);
    const problem = checkSignature(
      req,
      url,
      S3_TEST_CREDENTIALS.secretAccessKey,
      S3_TEST_CREDENTIALS.accessKeyId,
    );
    if (problem) {
      req.resume();
      return xmlError(res, 403, "SignatureDoesNotMatch", problem);
    }
    if (failing?.(request)) {
      req.resume();
      return xmlError(res, 500, "InternalError", "injected failure");
    }
    const uploadId = url.searchParams.get("uploadId");
    if (req.method === "DELETE" && uploadId !== null) {
      // AbortMultipartUpload: drop the parts; the object never appears
      req.resume();
      if (
        !/^[0-9a-f]+$/.test(uploadId) ||
        !readdirSync(uploadsDir(), { withFileTypes: true }).some((e) => e.name === uploadId)
      ) {
        return xmlError(res, 404, "NoSuchUpload", "The specified upload does not exist.");
      }
      rmSync(path.join(uploadsDir(), uploadId), { recursive: true, force: true });
      return void res.writeHead(204).end();
    }
    handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  const listUploads = () => {
    try {
      return readdirSync(uploadsDir());
    } catch {
      return [];
    }
  };
  const objectKeys = () =>
    (readdirSync(path.join(directory, bucket), { recursive: true }) as string[])
      .filter((file) => file.endsWith("._S3rver_object"))
      .map((file) => file.slice(0, -"._S3rver_object".length).split(path.sep).join("/"))
      .sort();

  const partBytes = () => {
    let total = 0;
    for (const upload of listUploads()) {
      try {
        for (const file of readdirSync(path.join(uploadsDir(), upload)))
          if (/^\d+$/.test(file)) total += statSync(path.join(uploadsDir(), upload, file)).size;
      } catch {
        // completed or aborted meanwhile
      }
    }
    return total;
  };

  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    directory,
    requests,
    failWhen: (predicate) => void (failing = predicate),
    pendingUploads: listUploads,
    objectKeys,
    partBytes,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
