// Standard Webhooks signing (https://www.standardwebhooks.com): a secret `whsec_` + base64 of
// 32 random bytes; each request carries webhook-id, webhook-timestamp (Unix seconds) and
// webhook-signature = "v1," + base64(HMAC-SHA256(key, `${id}.${timestamp}.${body}`)), the
// key being the secret's base64 part decoded. Pure Node crypto, so receivers' tests use it.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export const SECRET_PREFIX = "whsec_";

export const newWebhookSecret = () => SECRET_PREFIX + randomBytes(32).toString("base64");

function keyOf(secret: string): Buffer {
  return Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(6) : secret, "base64");
}

export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  const mac = createHmac("sha256", keyOf(secret)).update(`${id}.${timestamp}.${body}`);
  return `v1,${mac.digest("base64")}`;
}

/** What a receiver checks: one of the signatures matches, and the time is within 5 minutes. */
export function verifyWebhook(
  secret: string,
  headers: { id: string; timestamp: string; signature: string },
  body: string,
  now = Date.now(),
): boolean {
  const timestamp = Number(headers.timestamp);
  if (!Number.isInteger(timestamp) || Math.abs(now / 1000 - timestamp) > 300) return false;
  const expected = Buffer.from(signWebhook(secret, headers.id, timestamp, body));
  return headers.signature.split(" ").some((candidate) => {
    const given = Buffer.from(candidate);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
