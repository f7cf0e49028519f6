// Every server action comes from these factories: input validated with zod (field-level
// messages, the submitted values echoed back so nothing typed is lost), typed AppErrors
// turned into messages, anything unexpected logged and replaced by a safe message.
import "server-only";

import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";

import { getCurrentUser, type CurrentUser } from "@/lib/auth/session";
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from "@/lib/db-errors";
import { isAppError } from "@/lib/errors";
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

async function run<S extends z.ZodType, C>(
  schema: S,
  formData: FormData,
  ctx: C,
  handler: Handler<S, C>,
): Promise<ActionState> {
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
    if (isAppError(error)) return { error: error.message, fieldErrors: error.fieldErrors, values };
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
