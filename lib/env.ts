// The one validated environment. Nothing else in the app reads process.env.
// Validation is lazy (first use) so that `next build` works without runtime secrets,
// and instrumentation.ts calls getEnv() at server start so a bad setting stops the server.
import "server-only";

import { z } from "zod";

import { readOrCreateLocalSecret } from "@/lib/local-secret";
import {
  configureCatalogue,
  MODEL_OPERATIONS,
  overridesFor,
  type CatalogueOverride,
  type ModelOverrides,
} from "@/lib/suno/catalogue";
import type { Operation } from "@/lib/suno/types";

const bool = (fallback: boolean) =>
  z
    .enum(["1", "0", "true", "false", "yes", "no", "on", "off", ""])
    .optional()
    .transform((v) =>
      v === undefined || v === "" ? fallback : ["1", "true", "yes", "on"].includes(v),
    );

/** "a, b c" → ["a", "b", "c"]: keys may be separated by commas, spaces or newlines. */
const keyList = z
  .string()
  .optional()
  .transform((v) => (v ?? "").split(/[\s,]+/).filter(Boolean));

const OPERATION_KEYS = [
  "music",
  "extend",
  "concat",
  "upload",
  "lyrics",
  // derivatives of a finished clip (issue 16)
  "wav",
  "stems",
  "stemsFull",
  "video",
  "cover",
  "timedLyrics",
  // music operations that make new takes of a clip (issue 16)
  "clipCover",
  "replaceSection",
  "addVocals",
  "addInstrumental",
  "bringForward",
  "voice",
] as const;
export type CostKey = (typeof OPERATION_KEYS)[number];

/** "music=10,lyrics=1" → costs, defaults for the rest */
const costs = z
  .string()
  .optional()
  .transform((value, ctx) => {
    const result: Record<CostKey, number> = {
      music: 10,
      extend: 10,
      concat: 5,
      upload: 5,
      lyrics: 1,
      wav: 2,
      stems: 5,
      stemsFull: 10,
      video: 4,
      cover: 2,
      timedLyrics: 1,
      clipCover: 10,
      replaceSection: 5,
      addVocals: 10,
      addInstrumental: 10,
      bringForward: 10,
      voice: 2,
    };
    for (const part of (value ?? "")
      .split(",")
      .map((p) => p.trim())
      .filter(Boolean)) {
      const [name, amount] = part.split("=").map((p) => p.trim());
      if (!OPERATION_KEYS.includes(name as CostKey) || !/^\d+$/.test(amount ?? "")) {
        ctx.addIssue({
          code: "custom",
          message: `has "${part}"; write name=amount pairs for ${OPERATION_KEYS.join(", ")}, e.g. music=10,lyrics=1`,
        });
        return z.NEVER;
      }
      result[name as CostKey] = Number(amount);
    }
    return result;
  });

const dialect = z.enum(["sunoapi", "relay", "sunoapi-org"], {
  error: 'must be "sunoapi", "relay" or "sunoapi-org"',
});

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() !== "" ? v.trim() : undefined));

/** SUNO_MODELS: a JSON array of catalogue changes (docs/providers.md, "The model catalogue"). */
const wireNames = z.object({
  relay: z.string().min(1).max(80).optional(),
  sunoapi: z.string().min(1).max(80).optional(),
  "sunoapi-org": z.string().min(1).max(80).optional(),
});
const limit = (max: number) => z.number().int().min(1).max(max).optional();
const catalogueOverride = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{0,59}$/, "must be lowercase letters, digits, dots and hyphens"),
    label: z.string().min(1).max(60).optional(),
    description: z.string().max(200).optional(),
    wire: wireNames.strict().optional(),
    engineNames: z.array(z.string().min(1).max(80)).max(20).optional(),
    limits: z
      .object({
        lyrics: limit(20_000),
        tags: limit(5000),
        title: limit(500),
        description: limit(5000),
        maxSeconds: limit(3600),
      })
      .strict()
      .optional(),
    operations: z
      .array(
        z.enum(MODEL_OPERATIONS as [Operation, ...Operation[]], {
          error: `must be among ${MODEL_OPERATIONS.join(", ")}`,
        }),
      )
      .optional(),
    retired: z.boolean().optional(),
    default: z.boolean().optional(),
  })
  .strict();
/** Who SUNO_MODELS may name: every provider ("*"), or one by its name. */
const PROVIDER_NAMES = ["primary", "fallback"] as const;
/** One list of changes, each entry checked and named when it is wrong. */
function parseEntries(raw: unknown, where: string, ctx: z.RefinementCtx): CatalogueOverride[] {
  if (!Array.isArray(raw)) {
    ctx.addIssue({ code: "custom", message: `${where}must be a JSON array of models` });
    return [];
  }
  const entries: CatalogueOverride[] = [];
  raw.forEach((item, index) => {
    const parsed = catalogueOverride.safeParse(item);
    const name = (item as { id?: unknown })?.id;
    const which = `${where}entry ${index + 1}${typeof name === "string" ? ` ("${name}")` : ""}`;
    if (parsed.success) entries.push(parsed.data);
    else
      for (const issue of parsed.error.issues)
        ctx.addIssue({
          code: "custom",
          message: `${which}: ${issue.path.join(".") || "the entry"} ${issue.message}`,
        });
  });
  return entries;
}

/**
 * SUNO_MODELS: an array of changes for every provider, or an object of arrays by provider
 * (`{"*": [...], "primary": [...], "fallback": [...]}`): docs/providers.md, "The model catalogue".
 */
const catalogueOverrides = z
  .string()
  .optional()
  .transform((value, ctx): ModelOverrides => {
    const none: ModelOverrides = { all: [], byProvider: {} };
    if (!value?.trim()) return none;
    let raw: unknown;
    try {
      raw = JSON.parse(value);
    } catch {
      ctx.addIssue({ code: "custom", message: "is not valid JSON: give an array of models" });
      return z.NEVER;
    }
    if (Array.isArray(raw)) return { all: parseEntries(raw, "", ctx), byProvider: {} };
    if (typeof raw !== "object" || raw === null) {
      ctx.addIssue({
        code: "custom",
        message:
          'must be a JSON array of models, or an object of arrays by provider ("*", ' +
          `${PROVIDER_NAMES.map((n) => `"${n}"`).join(", ")})`,
      });
      return z.NEVER;
    }
    const result: { all: CatalogueOverride[]; byProvider: Record<string, CatalogueOverride[]> } = {
      all: [],
      byProvider: {},
    };
    for (const [key, list] of Object.entries(raw)) {
      if (key === "*") result.all = parseEntries(list, '"*" ', ctx);
      else if ((PROVIDER_NAMES as readonly string[]).includes(key))
        result.byProvider[key] = parseEntries(list, `"${key}" `, ctx);
      else
        ctx.addIssue({
          code: "custom",
          message: `names a provider "${key}": use "*" (every provider), ${PROVIDER_NAMES.map((n) => `"${n}"`).join(" or ")}`,
        });
    }
    return result;
  });

/** unset or empty: undefined (the caller's default applies) */
const optionalNumber = (schema: z.ZodType<number, unknown>) =>
  z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    schema.optional(),
  );

export const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    DATABASE_URL: z
      .string({
        error:
          "is not set. Run `npm run dev` (it starts the embedded database and sets it), or set it to postgres://user:pass@host:5432/db",
      })
      .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL"),
    /** the unpooled URL, for migrations (scripts/lib/migrate.ts) and the push channel's one
     *  LISTEN connection (lib/events/listener.ts; a transaction pooler breaks LISTEN);
     *  defaults to DATABASE_URL */
    DIRECT_DATABASE_URL: optionalString.pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
        .optional(),
    ),
    /** connections per instance (default 10; 3 on Vercel, where every instance has a pool) */
    DATABASE_POOL_MAX: optionalNumber(z.coerce.number().int().min(1).max(100)),
    /** ms an unused connection stays open (default 10000; 5000 on Vercel) */
    DATABASE_POOL_IDLE_MS: optionalNumber(z.coerce.number().int().min(0).max(600_000)),
    /** read replicas for library reads (lib/db-replicas.ts), comma separated; none: the primary */
    DATABASE_REPLICA_URLS: keyList.pipe(
      z.array(
        z.string().regex(/^postgres(ql)?:\/\//, "must hold postgres:// or postgresql:// URLs"),
      ),
    ),
    /** seconds a visitor's reads stay on the primary after they change something (default 10) */
    DATABASE_REPLICA_STICKY_SECONDS: optionalNumber(z.coerce.number().int().min(0).max(3600)),
    AUTH_SECRET: z
      .string({
        error: "is not set. Generate one with `openssl rand -base64 32` and set AUTH_SECRET",
      })
      .min(32, "must be at least 32 characters. Generate one with `openssl rand -base64 32`"),
    AUTH_URL: optionalString.pipe(
      z.url("must be an absolute URL such as https://chorus.example.com").optional(),
    ),
    AUTH_TRUST_HOST: bool(true),
    AUTH_GITHUB_ID: optionalString,
    AUTH_GITHUB_SECRET: optionalString,
    AUTH_EMAIL_LINKS: bool(false),
    SMTP_URL: optionalString.pipe(
      z
        .string()
        .regex(
          /^smtps?:\/\//,
          "must be an smtp:// or smtps:// URL, e.g. smtps://user:pass@smtp.example.com:465",
        )
        .optional(),
    ),
    EMAIL_FROM: z.string().default("Chorus <no-reply@chorus.local>"),
    SUNO_PROVIDER: dialect.default("relay"),
    SUNO_BASE_URL: optionalString.pipe(
      z.url("must be the proxy's base URL, e.g. https://api.example.com").optional(),
    ),
    SUNO_API_KEYS: keyList,
    SUNO_FALLBACK_PROVIDER: optionalString.pipe(dialect.optional()),
    SUNO_FALLBACK_BASE_URL: optionalString.pipe(
      z.url("must be the fallback proxy's base URL").optional(),
    ),
    SUNO_FALLBACK_API_KEYS: keyList,
    /** set by `npm run dev`/`npm start` when they start the local simulator */
    SUNO_SIMULATED: bool(false),
    /**
     * the address upstream callbacks reach this app at; defaults to AUTH_URL (no callbacks without
     * either)
     */
    CHORUS_PUBLIC_URL: optionalString.pipe(
      z.url("must be the public URL of this app, e.g. https://chorus.example.com").optional(),
    ),
    CREDIT_COSTS: costs,
    SIGNUP_CREDITS: z.coerce.number().int().min(0).default(500),
    SUBMIT_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(10),
    /** host:port pairs outgoing webhooks may reach although private (a LAN's n8n); default none */
    WEBHOOK_ALLOW_HOSTS: keyList,
    /** REST API v1 requests per token per minute (RateLimit-* headers) */
    API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(120),
    TASK_DEADLINE_MINUTES: z.coerce
      .number()
      .min(1)
      .max(24 * 60)
      .default(15),
    /** the push channel (/api/events, server-sent events); off: browsers poll as before */
    EVENTS_PUSH: bool(true),
    /** an event stream ends itself after this long and the browser reconnects (Vercel's
     *  maxDuration for the route is 300 s) */
    EVENTS_STREAM_SECONDS: z.coerce.number().int().min(1).max(290).default(270),
    /** self-hosted sweeper interval (instrumentation.ts); 0 turns it off (use the cron route) */
    SWEEP_INTERVAL_SECONDS: z.coerce.number().min(0).default(5),
    /** an export larger than this is written in the background instead of downloaded at once */
    EXPORT_DOWNLOAD_MAX_BYTES: z.coerce.number().int().min(1).default(2_000_000_000),
    /** the largest ZIP an import takes (bytes, as uploaded) */
    IMPORT_MAX_BYTES: z.coerce.number().int().min(1).default(4_000_000_000),
    /** clips each instance copies at once (each is one download and one upload) */
    ARCHIVE_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(4),
    /** archived media on local disk (default .data/media) */
    MEDIA_DIR: optionalString,
    MEDIA_STORAGE: optionalString.pipe(
      z
        .enum(["local", "s3", "vercel-blob"], { error: 'must be "local", "s3" or "vercel-blob"' })
        .default("local"),
    ),
    /** unset: AWS (https://s3.<region>.amazonaws.com) */
    S3_ENDPOINT: optionalString.pipe(
      z
        .url({
          protocol: /^https?$/,
          error:
            "must be the store's http(s) URL, e.g. https://<account>.r2.cloudflarestorage.com or http://localhost:9000",
        })
        .optional(),
    ),
    /** default: auto for Cloudflare R2, us-east-1 otherwise */
    S3_REGION: optionalString,
    S3_BUCKET: optionalString,
    S3_ACCESS_KEY_ID: optionalString,
    S3_SECRET_ACCESS_KEY: optionalString,
    S3_FORCE_PATH_STYLE: bool(false),
    S3_PREFIX: optionalString.pipe(
      z
        .string()
        .refine(
          (v) => /^[a-zA-Z0-9][a-zA-Z0-9/_.-]*$/.test(v) && !v.includes(".."),
          "must be letters, digits and / _ . - (e.g. chorus/), starting with a letter or digit, without ..",
        )
        .optional(),
    ),
    /** Vercel sets it when a Blob store is connected to the project */
    BLOB_READ_WRITE_TOKEN: optionalString,
    /** set by Vercel on its platform */
    VERCEL: bool(false),
    /**
     * self-hosted: the folder under which workspaces may keep backups on this machine's disk
     * (each destination picks a subfolder); unset, or on Vercel, local folders are refused
     */
    BACKUP_LOCAL_ROOT: optionalString,
    /** host:port of private S3-compatible stores backups may reach (e.g. a MinIO on the LAN) */
    BACKUP_ALLOWED_HOSTS: keyList,
    CRON_SECRET: optionalString.pipe(
      z.string().min(16, "must be at least 16 characters").optional(),
    ),
    /** self-hosted: IPs/CIDRs of the reverse proxies whose X-Forwarded-For is believed */
    TRUSTED_PROXIES: keyList,
    SUNO_TIMEOUT_MS: z.coerce.number().int().min(1000).max(120_000).default(20_000),
    SUNO_MODELS: catalogueOverrides,
    /** who may see the provider status page, besides the first user to sign up */
    ADMIN_EMAILS: z
      .string()
      .optional()
      .transform((v) =>
        (v ?? "")
          .split(/[\s,]+/)
          .map((e) => e.trim().toLowerCase())
          .filter(Boolean),
      )
      .pipe(z.array(z.email("must list email addresses, separated by commas"))),
  })
  .superRefine((value, ctx) => {
    if (value.SUNO_API_KEYS.length > 0 && !value.SUNO_BASE_URL && value.SUNO_PROVIDER === "relay") {
      ctx.addIssue({
        code: "custom",
        path: ["SUNO_BASE_URL"],
        message: "is required with SUNO_PROVIDER=relay: the address of your new-api/one-api proxy",
      });
    }
    const fallbackSet =
      value.SUNO_FALLBACK_PROVIDER ||
      value.SUNO_FALLBACK_BASE_URL ||
      value.SUNO_FALLBACK_API_KEYS.length > 0;
    if (fallbackSet && value.SUNO_FALLBACK_API_KEYS.length === 0) {
      ctx.addIssue({
        code: "custom",
        path: ["SUNO_FALLBACK_API_KEYS"],
        message: "is required when a fallback provider is configured",
      });
    }
    if (
      fallbackSet &&
      !value.SUNO_FALLBACK_BASE_URL &&
      (value.SUNO_FALLBACK_PROVIDER ?? "relay") === "relay"
    ) {
      ctx.addIssue({
        code: "custom",
        path: ["SUNO_FALLBACK_BASE_URL"],
        message: "is required for a relay fallback provider",
      });
    }
    if (fallbackSet && value.SUNO_API_KEYS.length === 0) {
      ctx.addIssue({
        code: "custom",
        path: ["SUNO_API_KEYS"],
        message:
          "is required when a fallback provider is configured (the fallback backs up a primary)",
      });
    }
    if (value.SUNO_MODELS.byProvider.fallback && !fallbackSet) {
      ctx.addIssue({
        code: "custom",
        path: ["SUNO_MODELS"],
        message: 'has models for "fallback", but no fallback provider is configured',
      });
    }
    if (value.MEDIA_STORAGE === "s3") {
      const needed = {
        S3_BUCKET: "the bucket's name",
        S3_ACCESS_KEY_ID: "an access key allowed to read and write the bucket",
        S3_SECRET_ACCESS_KEY: "that access key's secret",
      } as const;
      for (const [name, what] of Object.entries(needed)) {
        if (!value[name as keyof typeof needed])
          ctx.addIssue({
            code: "custom",
            path: [name],
            message: `is required with MEDIA_STORAGE=s3: ${what}`,
          });
      }
    } else {
      const stray = (
        ["S3_ENDPOINT", "S3_BUCKET", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"] as const
      ).find((name) => value[name]);
      if (stray)
        ctx.addIssue({
          code: "custom",
          path: ["MEDIA_STORAGE"],
          message:
            `is "${value.MEDIA_STORAGE}" but ${stray} is set: set MEDIA_STORAGE=s3 to keep media ` +
            "there, or remove the S3_* settings",
        });
    }
    if (value.MEDIA_STORAGE === "vercel-blob" && !value.BLOB_READ_WRITE_TOKEN) {
      ctx.addIssue({
        code: "custom",
        path: ["BLOB_READ_WRITE_TOKEN"],
        message:
          "is required with MEDIA_STORAGE=vercel-blob: connect a private Blob store to the project (Vercel sets it), or copy the store's token",
      });
    }
    // Every mailed or handed-out link is built on this origin, never on request headers.
    if (value.NODE_ENV === "production" && !value.CHORUS_PUBLIC_URL && !value.AUTH_URL) {
      ctx.addIssue({
        code: "custom",
        path: ["CHORUS_PUBLIC_URL"],
        message:
          "is required in production: the address people reach Chorus at, e.g. https://chorus.example.com (or set AUTH_URL); links in emails and invites are built from it",
      });
    }
    if (value.VERCEL && value.NODE_ENV === "production") vercelProblems(value, ctx);
    if (Boolean(value.AUTH_GITHUB_ID) !== Boolean(value.AUTH_GITHUB_SECRET)) {
      ctx.addIssue({
        code: "custom",
        path: [value.AUTH_GITHUB_ID ? "AUTH_GITHUB_SECRET" : "AUTH_GITHUB_ID"],
        message: "GitHub sign-in needs both AUTH_GITHUB_ID and AUTH_GITHUB_SECRET (or neither)",
      });
    }
  });

/** What a Vercel production deployment cannot do without (it would start, and quietly rot). */
function vercelProblems(
  value: { CRON_SECRET?: string; MEDIA_STORAGE: string },
  ctx: z.RefinementCtx,
) {
  if (!value.CRON_SECRET) {
    ctx.addIssue({
      code: "custom",
      path: ["CRON_SECRET"],
      message:
        "is required on Vercel: without it every cron call answers 401, so no task times out or is refunded and no song is archived. Set it to a random string (`openssl rand -hex 32`); Vercel sends it to the cron routes",
    });
  }
  if (value.MEDIA_STORAGE === "local") {
    ctx.addIssue({
      code: "custom",
      path: ["MEDIA_STORAGE"],
      message:
        'is "local" on Vercel, whose disk is not kept: set MEDIA_STORAGE=vercel-blob (connect a private Blob store) or MEDIA_STORAGE=s3 with S3_BUCKET, S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY',
    });
  }
}

export type SunoProviderEnv = {
  name: string;
  dialect: "sunoapi" | "relay" | "sunoapi-org";
  baseUrl: string;
  keys: string[];
  timeoutMs: number;
  /** the catalogue changes for this provider: those for every provider, then its own */
  models: CatalogueOverride[];
};

export type MediaStorageEnv =
  | { kind: "local"; dir: string | undefined }
  | {
      kind: "s3";
      endpoint: string | undefined;
      region: string;
      bucket: string;
      accessKeyId: string;
      secretAccessKey: string;
      forcePathStyle: boolean;
      prefix: string | undefined;
    }
  | { kind: "vercel-blob"; token: string };

export type Env = z.infer<typeof envSchema> & {
  /** null when no proxy key is configured: generation is off */
  suno: { providers: SunoProviderEnv[] } | null;
  media: MediaStorageEnv;
  isProduction: boolean;
  githubEnabled: boolean;
  magicLinksEnabled: boolean;
};

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Chorus cannot start: its configuration has ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join("\n")}\nSee .env.example for every setting and its default.`,
    );
    this.name = "EnvError";
  }
}

type Source = Record<string, string | undefined>;

/** Pure: validates a source object. `localSecret` supplies AUTH_SECRET outside production. */
export function parseEnv(source: Source, options: { localSecret?: () => string } = {}): Env {
  const input: Source = { ...source };
  const isProduction = input.NODE_ENV === "production";
  if (!input.AUTH_SECRET && !isProduction && options.localSecret)
    input.AUTH_SECRET = options.localSecret();
  // on Vercel the public origin can come from the platform: production's own domain, or a
  // preview deployment's address (a name the operator sets always wins)
  if (input.VERCEL && !input.CHORUS_PUBLIC_URL && !input.AUTH_URL) {
    const host =
      input.VERCEL_ENV === "production" ? input.VERCEL_PROJECT_PRODUCTION_URL : input.VERCEL_URL;
    if (host) input.CHORUS_PUBLIC_URL = `https://${host}`;
  }
  const parsed = envSchema.safeParse(input);
  if (!parsed.success) {
    throw new EnvError(
      parsed.error.issues.map(
        (issue) => `${issue.path.join(".") || "environment"} ${issue.message}`,
      ),
    );
  }
  const env = parsed.data;
  return {
    ...env,
    suno: sunoProviders(env),
    media: mediaStorage(env),
    isProduction,
    githubEnabled: Boolean(env.AUTH_GITHUB_ID && env.AUTH_GITHUB_SECRET),
    magicLinksEnabled: env.AUTH_EMAIL_LINKS,
  };
}

/** Where each family lives when no base URL is given (relay has no default: it is yours). */
const DEFAULT_BASE_URL = {
  sunoapi: "https://api.sunoapi.com",
  "sunoapi-org": "https://api.sunoapi.org",
  relay: "https://api.sunoapi.com",
} as const;

function sunoProviders(env: z.infer<typeof envSchema>): Env["suno"] {
  if (env.SUNO_API_KEYS.length === 0) return null;
  const providers: SunoProviderEnv[] = [
    {
      name: "primary",
      dialect: env.SUNO_PROVIDER,
      baseUrl: env.SUNO_BASE_URL ?? DEFAULT_BASE_URL[env.SUNO_PROVIDER],
      keys: env.SUNO_API_KEYS,
      timeoutMs: env.SUNO_TIMEOUT_MS,
      models: overridesFor(env.SUNO_MODELS, "primary"),
    },
  ];
  if (env.SUNO_FALLBACK_API_KEYS.length > 0) {
    const dialect = env.SUNO_FALLBACK_PROVIDER ?? "relay";
    providers.push({
      name: "fallback",
      dialect,
      baseUrl: env.SUNO_FALLBACK_BASE_URL ?? DEFAULT_BASE_URL[dialect],
      keys: env.SUNO_FALLBACK_API_KEYS,
      timeoutMs: env.SUNO_TIMEOUT_MS,
      models: overridesFor(env.SUNO_MODELS, "fallback"),
    });
  }
  return { providers };
}

function mediaStorage(env: z.infer<typeof envSchema>): MediaStorageEnv {
  if (env.MEDIA_STORAGE === "vercel-blob")
    return { kind: "vercel-blob", token: env.BLOB_READ_WRITE_TOKEN! };
  if (env.MEDIA_STORAGE === "local") return { kind: "local", dir: env.MEDIA_DIR };
  const r2 = env.S3_ENDPOINT
    ? new URL(env.S3_ENDPOINT).hostname.endsWith(".r2.cloudflarestorage.com")
    : false;
  return {
    kind: "s3",
    endpoint: env.S3_ENDPOINT,
    region: env.S3_REGION ?? (r2 ? "auto" : "us-east-1"),
    bucket: env.S3_BUCKET!,
    accessKeyId: env.S3_ACCESS_KEY_ID!,
    secretAccessKey: env.S3_SECRET_ACCESS_KEY!,
    forcePathStyle: env.S3_FORCE_PATH_STYLE,
    prefix: env.S3_PREFIX,
  };
}

let cached: Env | undefined;

export function getEnv(): Env {
  if (!cached) {
    cached = parseEnv(process.env, { localSecret: () => readOrCreateLocalSecret() });
    // the model catalogue in force: the shipped one with the operator's changes laid over it
    configureCatalogue(cached.SUNO_MODELS);
  }
  return cached;
}
