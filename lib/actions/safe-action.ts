// Every server action comes from these factories: input validated with zod (field-level
// messages, the submitted values echoed back so nothing typed is lost), typed AppErrors
// turned into messages, anything unexpected logged and replaced by a safe message.
import "server-only";

import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";

import { toAppError } from "@/lib/api/errors";
import { getCurrentUser, type CurrentUser } from "@/lib/auth/session";
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from "@/lib/db-errors";
import { log } from "@/lib/log";

export type ActionState = {
  ok?: boolean;
  message?: string;
  error?: string;
  fieldErrors?: Record<string, string[] | undefined>;
  /** what the user typed (never passwords), to refill the form after an error */
  values?: Record<string, string>;
  /** what a successful action made, e.g. { taskId } */
  data?: Record<string, string | number | boolean | null>;
};

const SECRET_FIELDS = /password|secret|token/i;

function echoValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value === "string" && !key.startsWith("$") && !SECRET_FIELDS.test(key))
      values[key] = value;
  }
  return values;
}

type Handler<S extends z.ZodType, C> = (input: z.output<S>, ctx: C) => Promise<ActionState | void>;

/** Form fields a form never sends: a repeated field, a NUL byte, something not a form. */
function formProblem(formData: unknown): ActionState | null {
  if (!(formData instanceof FormData))
    return { error: "This form could not be read. Reload the page." };
  const seen = new Set<string>();
  const fieldErrors: Record<string, string[]> = {};
  for (const [key, value] of formData.entries()) {
    if (key.startsWith("$")) continue; // Next.js's own fields
    if (seen.has(key)) fieldErrors[key] = ["This field was sent more than once."];
    seen.add(key);
    if (typeof value === "string" && value.includes("\u0000"))
      fieldErrors[key] = ["This contains a character that cannot be stored (a NUL byte)."];
  }
  if (Object.keys(fieldErrors).length === 0) return null;
  return { error: "Check the highlighted fields.", fieldErrors, values: echoValues(formData) };
}

async function run<S extends z.ZodType, C>(
  schema: S,
  formData: FormData,
  ctx: C,
  handler: Handler<S, C>,
): Promise<ActionState> {
  const problem = formProblem(formData);
  if (problem) return problem;
  const values = echoValues(formData);
  const parsed = schema.safeParse(Object.fromEntries(formData.entries()));
  if (!parsed.success) {
    const flat = (parsed.error as z.ZodError).flatten();
    return {
      error: "Check the highlighted fields.",
      fieldErrors: flat.fieldErrors as Record<string, string[]>,
      values,
    };
  }
  try {
    return (await handler(parsed.data, ctx)) ?? { ok: true };
  } catch (error) {
    unstable_rethrow(error); // redirect() and notFound() are control flow, not failures
    const known = toAppError(error); // the one map of typed errors (lib/api/errors.ts)
    if (known) return { error: known.message, fieldErrors: known.fieldErrors, values };
    if (isDatabaseUnavailable(error)) {
      log.warn("server action: database unavailable", { error: String(error) });
      return { error: DATABASE_UNAVAILABLE_MESSAGE, values };
    }
    log.error("server action failed", { error });
    return {
      error: "Something went wrong on our side. Nothing was changed; please try again.",
      values,
    };
  }
}

/** An action anyone may call (sign-in, sign-up). */
export function publicAction<S extends z.ZodType>(
  schema: S,
  handler: Handler<S, Record<string, never>>,
) {
  return async (_previous: ActionState, formData: FormData) => run(schema, formData, {}, handler);
}

/** An action for signed-in users: `ctx.user` is the caller, checked on every call. */
export function authedAction<S extends z.ZodType>(
  schema: S,
  handler: Handler<S, { user: CurrentUser }>,
) {
  return async (_previous: ActionState, formData: FormData) => {
    let user: CurrentUser | null;
    try {
      user = await getCurrentUser();
    } catch (error) {
      unstable_rethrow(error);
      if (!isDatabaseUnavailable(error)) throw error;
      log.warn("server action: database unavailable", { error: String(error) });
      return { error: DATABASE_UNAVAILABLE_MESSAGE, values: echoValues(formData) };
    }
    if (!user) return { error: "Your session has ended. Sign in again; nothing was changed." };
    return run(schema, formData, { user }, handler);
  };
}
