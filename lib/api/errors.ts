// Typed errors to AppErrors, in one place: the route handler wrappers and the server action
// factory both call `toAppError`, so no route, page or action maps errors by hand. Anything
// not listed here is unexpected: the wrappers log it and answer with a generic message.
import "server-only";

import { AppError, isAppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { TooLargeError } from "@/lib/media/storage";
import { isUpstreamError } from "@/lib/suno/errors";

/** Postgres SQLSTATEs that mean the input was bad, not the server. */
const BAD_INPUT_SQLSTATE: Record<string, string> = {
  "22021": "Some text contains a character that cannot be stored (a NUL byte).",
  "22P05": "Some text contains a character that cannot be stored.",
  "22007": "A date or time could not be read.",
  "22008": "A date or time is out of range.",
  "22003": "A number is out of range.",
  "22001": "Some text is too long.",
};

function sqlState(error: unknown): string | null {
  for (
    let e = error as { code?: unknown; cause?: unknown; meta?: unknown } | undefined, i = 0;
    e && i < 5;
    i++
  ) {
    const meta = e.meta as { code?: unknown } | undefined;
    if (typeof meta?.code === "string" && /^[0-9A-Z]{5}$/.test(meta.code)) return meta.code;
    if (typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
    e = e.cause as typeof e;
  }
  const message = error instanceof Error ? error.message : "";
  if (
    /invalid byte sequence for encoding "UTF8": 0x00|unsupported Unicode escape sequence/.test(
      message,
    )
  )
    return "22021";
  return null;
}

export function toAppError(error: unknown): AppError | null {
  if (isAppError(error)) return error;
  if (error instanceof TooLargeError)
    return new AppError("BAD_REQUEST", `The file is too large: ${error.message}.`);
  if (isUpstreamError(error)) return new AppError("UPSTREAM_UNAVAILABLE", error.userMessage);
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    if (error.code === "P2002")
      return new AppError("CONFLICT", "That already exists. Reload the page and try again.");
    if (error.code === "P2025" || error.code === "P2001")
      return new AppError("NOT_FOUND", "That does not exist, or you cannot see it.");
    if (error.code === "P2000") return new AppError("BAD_REQUEST", "Some text is too long.");
    if (error.code === "P2003")
      return new AppError("CONFLICT", "Something this depends on is gone. Reload the page.");
  }
  const state = sqlState(error);
  if (state && BAD_INPUT_SQLSTATE[state])
    return new AppError("BAD_REQUEST", BAD_INPUT_SQLSTATE[state]);
  return null;
}
