// The one validated environment. Nothing else in the app reads process.env.
// Validation is lazy (first use) so that `next build` works without runtime secrets,
// and instrumentation.ts calls getEnv() at server start so a bad setting stops the server.
import "server-only";
import { z } from "zod";
import { readOrCreateLocalSecret } from "@/lib/local-secret";

const bool = (fallback: boolean) =>
  z
    .enum(["1", "0", "true", "false", "yes", "no", "on", "off", ""])
    .optional()
    .transform((v) => (v === undefined || v === "" ? fallback : ["1", "true", "yes", "on"].includes(v)));

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() !== "" ? v.trim() : undefined));

export const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    DATABASE_URL: z
      .string({ error: "is not set. Run `npm run dev` (it starts the embedded database and sets it), or set it to postgres://user:pass@host:5432/db" })
      .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL"),
    AUTH_SECRET: z
      .string({ error: "is not set. Generate one with `openssl rand -base64 32` and set AUTH_SECRET" })
      .min(32, "must be at least 32 characters. Generate one with `openssl rand -base64 32`"),
    AUTH_URL: optionalString.pipe(z.url("must be an absolute URL such as https://chorus.example.com").optional()),
    AUTH_TRUST_HOST: bool(true),
    AUTH_GITHUB_ID: optionalString,
    AUTH_GITHUB_SECRET: optionalString,
    AUTH_EMAIL_LINKS: bool(false),
    SMTP_URL: optionalString.pipe(
      z.string().regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL, e.g. smtps://user:pass@smtp.example.com:465").optional(),
    ),
    EMAIL_FROM: z.string().default("Chorus <no-reply@chorus.local>"),
  })
  .superRefine((value, ctx) => {
    if (Boolean(value.AUTH_GITHUB_ID) !== Boolean(value.AUTH_GITHUB_SECRET)) {
      ctx.addIssue({
        code: "custom",
        path: [value.AUTH_GITHUB_ID ? "AUTH_GITHUB_SECRET" : "AUTH_GITHUB_ID"],
        message: "GitHub sign-in needs both AUTH_GITHUB_ID and AUTH_GITHUB_SECRET (or neither)",
      });
    }
  });

export type Env = z.infer<typeof envSchema> & {
  isProduction: boolean;
  githubEnabled: boolean;
  magicLinksEnabled: boolean;
};

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Chorus cannot start: its configuration has ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join("\n")}\nSee .env.example for every setting and its default.`);
    this.name = "EnvError";
  }
}

type Source = Record<string, string | undefined>;

/** Pure: validates a source object. `localSecret` supplies AUTH_SECRET outside production. */
export function parseEnv(source: Source, options: { localSecret?: () => string } = {}): Env {
  const input: Source = { ...source };
  const isProduction = input.NODE_ENV === "production";
  if (!input.AUTH_SECRET && !isProduction && options.localSecret) input.AUTH_SECRET = options.localSecret();
  const parsed = envSchema.safeParse(input);
  if (!parsed.success) {
    throw new EnvError(parsed.error.issues.map((issue) => `${issue.path.join(".") || "environment"} ${issue.message}`));
  }
  const env = parsed.data;
  return {
    ...env,
    isProduction,
    githubEnabled: Boolean(env.AUTH_GITHUB_ID && env.AUTH_GITHUB_SECRET),
    magicLinksEnabled: env.AUTH_EMAIL_LINKS,
  };
}

let cached: Env | undefined;

export function getEnv(): Env {
  cached ??= parseEnv(process.env, { localSecret: () => readOrCreateLocalSecret() });
  return cached;
}
