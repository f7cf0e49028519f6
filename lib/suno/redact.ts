// Upstream words never carry a secret further: every configured provider key, and anything
// shaped like a bearer token or an `sk-…` key, is replaced before upstream text is stored
// (raw JSON included), logged or shown. NUL and other characters Postgres refuses in text
// and jsonb are dropped on the way.
const secrets = new Set<string>();

/** Called with each configured key when a client is built. */
export function registerSecrets(keys: Iterable<string>) {
  for (const key of keys) if (key.trim().length >= 4) secrets.add(key.trim());
}

export const REDACTED = "[redacted]";
const TOKEN_PATTERNS = [/\bBearer\s+[^\s"',;]+/gi, /\bsk-[A-Za-z0-9_-]{4,}/g];
// NUL, and lone surrogates (invalid in jsonb); other control characters are kept
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function redactText(text: string): string {
  let out = text.replace(UNSTORABLE, "");
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  for (const pattern of TOKEN_PATTERNS)
    out = out.replace(pattern, (match) =>
      match.toLowerCase().startsWith("bearer") ? `Bearer ${REDACTED}` : REDACTED,
    );
  return out;
}

/** A deep copy of upstream JSON with every string (keys included) cleaned. */
export function cleanUpstream<T>(value: T): T {
  return clean(value) as T;
}

function clean(value: unknown): unknown {
  if (typeof value === "string") return redactText(value);
  if (Array.isArray(value)) return value.map(clean);
  if (value instanceof Date || value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) out[redactText(key)] = clean(inner);
  return out;
}
